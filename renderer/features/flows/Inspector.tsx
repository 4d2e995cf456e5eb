import type { ReactNode } from 'react';
import { CHANNEL_LABELS } from '../../choices';
import { DELAY_UNITS, FLOW_CHANNELS, NODE_TYPE_LABELS, type FlowNode, type FlowNodeData, type Span } from '../../../shared/domain/flow';
import type { FlowReferences } from '../../../shared/domain/flow-summary';
import type { FlowIssue } from '../../../shared/domain/flow-validation';
import { REFERENCE_EVENTS } from '../../../shared/domain/event-columns';
import { GroupEditor } from '../audience/FilterEditor';

const WEEKDAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

function Field(props: { label: string; issue?: FlowIssue | undefined; children: ReactNode; hint?: string }) {
  return (
    <label className={`inspector-field${props.issue ? ' field-invalid' : ''}`}>
      <span>{props.label}</span>
      {props.children}
      {props.hint && <small className="hint">{props.hint}</small>}
      {props.issue && <small className="field-error">{props.issue.message}</small>}
    </label>
  );
}

function SpanInput(props: { label: string; value: Span; onChange(value: Span): void; issue?: FlowIssue | undefined }) {
  return (
    <Field label={props.label} issue={props.issue}>
      <span className="row">
        <input type="number" min={0} aria-label={`${props.label} amount`} value={props.value.amount} onChange={(e) => props.onChange({ ...props.value, amount: Math.max(0, Math.trunc(Number(e.target.value))) })} />
        <select aria-label={`${props.label} unit`} value={props.value.unit} onChange={(e) => props.onChange({ ...props.value, unit: e.target.value as Span['unit'] })}>
          {DELAY_UNITS.map((u) => (
            <option key={u} value={u}>
              {u}
            </option>
          ))}
        </select>
      </span>
    </Field>
  );
}

function Weekdays(props: { value: number[]; onChange(value: number[]): void }) {
  return (
    <fieldset className="weekdays">
      <legend>Weekdays (none: any day)</legend>
      {WEEKDAY_NAMES.map((name, i) => (
        <label key={name}>
          <input
            type="checkbox"
            checked={props.value.includes(i + 1)}
            onChange={(e) => props.onChange(e.target.checked ? [...props.value, i + 1].sort() : props.value.filter((d) => d !== i + 1))}
          />
          {name}
        </label>
      ))}
    </fieldset>
  );
}

/**
 * The settings of the selected step. Each field shows its own validation message, so the list of
 * problems and the form point at the same thing.
 */
export function Inspector(props: {
  node: FlowNode;
  issues: FlowIssue[];
  references: FlowReferences;
  allNodes: FlowNode[];
  onChange(change: { label?: string; data?: FlowNode['data'] }): void;
}) {
  const { node, references } = props;
  const issueOf = (field: string) => props.issues.find((i) => i.field === field || i.field?.startsWith(`${field}.`));
  const segments = references.segments;
  const text = (label: string, field: string, value: string, set: (v: string) => void, opts: { hint?: string; multiline?: boolean; list?: string } = {}) => (
    <Field label={label} issue={issueOf(field)} {...(opts.hint ? { hint: opts.hint } : {})}>
      {opts.multiline ? (
        <textarea aria-label={label} value={value} rows={4} onChange={(e) => set(e.target.value)} />
      ) : (
        <input aria-label={label} value={value} onChange={(e) => set(e.target.value)} {...(opts.list ? { list: opts.list } : {})} />
      )}
    </Field>
  );

  let body: ReactNode = null;
  switch (node.type) {
    case 'trigger_event':
    case 'wait_event':
    case 'goal': {
      const data = node.data as FlowNodeData<'trigger_event'> & Partial<FlowNodeData<'wait_event'>>;
      const set = (patch: Partial<typeof data>) => props.onChange({ data: { ...node.data, ...patch } as FlowNode['data'] });
      body = (
        <>
          {text('Event', 'event', data.event, (event) => set({ event }), { list: 'flow-events' })}
          {node.type === 'trigger_event' && text('Key property', 'key', data.key, (key) => set({ key }), { hint: 'e.g. cart_id: later steps can wait for an event with the same value' })}
          {node.type === 'wait_event' && (
            <>
              <SpanInput label="Time out after" value={data.timeout!} onChange={(timeout) => set({ timeout })} issue={issueOf('timeout')} />
              {text('Same key as the trigger', 'matchKey', data.matchKey ?? '', (matchKey) => set({ matchKey }), { hint: 'e.g. cart_id: only a purchase of that cart counts' })}
            </>
          )}
        </>
      );
      break;
    }
    case 'trigger_segment':
      body = (
        <Field label="Customers enter when they start to match" issue={issueOf('filter')}>
          <ul className="filter-tree">
            <GroupEditor group={node.data.filter} segments={segments} depth={0} onChange={(filter) => props.onChange({ data: { ...node.data, filter } })} />
          </ul>
        </Field>
      );
      break;
    case 'trigger_schedule': {
      const d = node.data;
      const set = (patch: Partial<typeof d>) => props.onChange({ data: { ...d, ...patch } });
      body = (
        <>
          <Field label="Repeat">
            <select aria-label="Repeat" value={d.repeat} onChange={(e) => set({ repeat: e.target.value as typeof d.repeat })}>
              <option value="once">Once</option>
              <option value="daily">Every day</option>
              <option value="weekly">Every week</option>
              <option value="monthly">Every month</option>
            </select>
          </Field>
          {d.repeat === 'once' ? (
            <Field label="Date and time" issue={issueOf('at')}>
              <input type="datetime-local" aria-label="Date and time" value={d.at} onChange={(e) => set({ at: e.target.value })} />
            </Field>
          ) : (
            <Field label="Time of day">
              <input type="time" aria-label="Time of day" value={d.time} onChange={(e) => set({ time: e.target.value })} />
            </Field>
          )}
          {d.repeat === 'weekly' && <Weekdays value={d.weekdays} onChange={(weekdays) => set({ weekdays })} />}
          {d.repeat === 'monthly' && (
            <Field label="Day of the month">
              <input type="number" min={1} max={31} aria-label="Day of the month" value={d.dayOfMonth} onChange={(e) => set({ dayOfMonth: Number(e.target.value) })} />
            </Field>
          )}
          <Field label="Time zone">
            <select aria-label="Time zone" value={d.zone} onChange={(e) => set({ zone: e.target.value as typeof d.zone })}>
              <option value="flow">The flow's time zone</option>
              <option value="customer">Each customer's own</option>
            </select>
          </Field>
          <Field label="Audience (no conditions: everyone)" issue={issueOf('audience')}>
            <ul className="filter-tree">
              <GroupEditor group={d.audience} segments={segments} depth={0} onChange={(audience) => set({ audience })} />
            </ul>
          </Field>
        </>
      );
      break;
    }
    case 'trigger_date': {
      const d = node.data;
      const set = (patch: Partial<typeof d>) => props.onChange({ data: { ...d, ...patch } });
      body = (
        <>
          <SpanInput label="Offset" value={d.offset} onChange={(offset) => set({ offset })} />
          <Field label="Before or after">
            <select aria-label="Before or after" value={d.direction} onChange={(e) => set({ direction: e.target.value as typeof d.direction })}>
              <option value="after">after</option>
              <option value="before">before</option>
            </select>
          </Field>
          {text('Date property', 'field', d.field, (field) => set({ field }), { hint: 'signupAt, createdAt or attributes.<name>' })}
          <Field label="At (customer's time zone)">
            <input type="time" aria-label="At" value={d.time} onChange={(e) => set({ time: e.target.value })} />
          </Field>
        </>
      );
      break;
    }
    case 'condition': {
      const d = node.data;
      const set = (patch: Partial<typeof d>) => props.onChange({ data: { ...d, ...patch } });
      const sends = props.allNodes.filter((n) => n.type === 'send' && n.id !== node.id);
      body = (
        <>
          <Field label="Decide on">
            <select aria-label="Decide on" value={d.mode} onChange={(e) => set({ mode: e.target.value as typeof d.mode })}>
              <option value="filter">Who the customer is or what they did</option>
              <option value="engagement">Engagement with an earlier message</option>
            </select>
          </Field>
          {d.mode === 'filter' ? (
            <Field label="Yes when" issue={issueOf('filter')}>
              <ul className="filter-tree">
                <GroupEditor group={d.filter} segments={segments} depth={0} onChange={(filter) => set({ filter })} />
              </ul>
            </Field>
          ) : (
            <>
              <Field label="Message" issue={issueOf('sendNodeId')}>
                <select aria-label="Message" value={d.sendNodeId} onChange={(e) => set({ sendNodeId: e.target.value })}>
                  <option value="">Choose a send step</option>
                  {sends.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.label} ({s.id})
                    </option>
                  ))}
                </select>
              </Field>
              <Field label="Yes when the customer">
                <select aria-label="Engagement" value={d.engagement} onChange={(e) => set({ engagement: e.target.value as typeof d.engagement })}>
                  <option value="delivered">received it</option>
                  <option value="opened">opened it</option>
                  <option value="clicked">clicked it</option>
                </select>
              </Field>
            </>
          )}
        </>
      );
      break;
    }
    case 'split_audience': {
      const d = node.data;
      const setPaths = (paths: typeof d.paths) => props.onChange({ data: { paths } });
      body = (
        <>
          <p className="hint">The first path that matches wins; everyone else takes the last exit.</p>
          {d.paths.map((path, i) => (
            <fieldset key={path.id} className="path">
              <legend>Path {i + 1}</legend>
              <input aria-label={`Path ${i + 1} name`} value={path.label} onChange={(e) => setPaths(d.paths.map((p, j) => (j === i ? { ...p, label: e.target.value } : p)))} />
              <ul className="filter-tree">
                <GroupEditor group={path.filter} segments={segments} depth={0} onChange={(filter) => setPaths(d.paths.map((p, j) => (j === i ? { ...p, filter } : p)))} />
              </ul>
              <button type="button" onClick={() => setPaths(d.paths.filter((_, j) => j !== i))}>
                Remove path
              </button>
            </fieldset>
          ))}
          <button type="button" onClick={() => setPaths([...d.paths, { id: `path-${Date.now().toString(36)}`, label: `Path ${d.paths.length + 1}`, filter: { type: 'group', op: 'and', conditions: [] } }])}>
            + Path
          </button>
        </>
      );
      break;
    }
    case 'split_random': {
      const d = node.data;
      const set = (patch: Partial<typeof d>) => props.onChange({ data: { ...d, ...patch } });
      const total = d.variants.reduce((s, v) => s + v.percent, 0) + d.controlPercent;
      body = (
        <>
          {d.variants.map((variant, i) => (
            <div className="row" key={variant.id}>
              <input aria-label={`Variant ${i + 1} name`} value={variant.label} onChange={(e) => set({ variants: d.variants.map((v, j) => (j === i ? { ...v, label: e.target.value } : v)) })} />
              <input type="number" min={0} max={100} aria-label={`Variant ${i + 1} percent`} value={variant.percent} onChange={(e) => set({ variants: d.variants.map((v, j) => (j === i ? { ...v, percent: Number(e.target.value) } : v)) })} />%
              <button type="button" aria-label={`Remove variant ${i + 1}`} onClick={() => set({ variants: d.variants.filter((_, j) => j !== i) })}>
                ✕
              </button>
            </div>
          ))}
          <button type="button" onClick={() => set({ variants: [...d.variants, { id: `v${Date.now().toString(36)}`, label: String.fromCharCode(65 + d.variants.length), percent: 0 }] })}>
            + Variant
          </button>
          <Field label="Control group (gets nothing), %" issue={issueOf('variants')}>
            <input type="number" min={0} max={100} aria-label="Control percent" value={d.controlPercent} onChange={(e) => set({ controlPercent: Number(e.target.value) })} />
          </Field>
          <p className="hint">Total: {total}%</p>
        </>
      );
      break;
    }
    case 'wait_delay':
      body = <SpanInput label="Wait for" value={node.data.delay} onChange={(delay) => props.onChange({ data: { delay } })} issue={issueOf('delay')} />;
      break;
    case 'wait_until': {
      const d = node.data;
      body = (
        <>
          <Field label="Until (customer's time zone)">
            <input type="time" aria-label="Until" value={d.time} onChange={(e) => props.onChange({ data: { ...d, time: e.target.value } })} />
          </Field>
          <Weekdays value={d.weekdays} onChange={(weekdays) => props.onChange({ data: { ...d, weekdays } })} />
        </>
      );
      break;
    }
    case 'send': {
      const d = node.data;
      const set = (patch: Partial<typeof d>) => props.onChange({ data: { ...d, ...patch } });
      const providers = references.providers.filter((p) => p.channel === d.channel);
      body = (
        <>
          <Field label="Channel">
            <select aria-label="Channel" value={d.channel} onChange={(e) => set({ channel: e.target.value as typeof d.channel, providerId: null })}>
              {FLOW_CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {CHANNEL_LABELS[c]}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Provider" issue={issueOf('providerId')}>
            <select aria-label="Provider" value={d.providerId ?? ''} onChange={(e) => set({ providerId: e.target.value === '' ? null : Number(e.target.value) })}>
              <option value="">Default for {CHANNEL_LABELS[d.channel]}</option>
              {providers.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </Field>
          {(d.channel === 'push' || d.channel === 'in_app') && text('Title', 'title', d.title, (title) => set({ title }))}
          {d.channel === 'email' && text('Subject', 'subject', d.subject, (subject) => set({ subject }))}
          {d.channel === 'email' && text('HTML', 'html', d.html, (html) => set({ html }), { multiline: true, hint: 'Marketing email needs {{ unsubscribe_url }}' })}
          {d.channel === 'whatsapp' && text('Approved template', 'templateName', d.templateName, (templateName) => set({ templateName }))}
          {d.channel !== 'webhook' && text(d.channel === 'email' ? 'Text version' : 'Message', 'body', d.body, (body) => set({ body }), { multiline: true, hint: 'Liquid placeholders: {{ customer.first_name }}, {{ event.cart_id }}' })}
          {text(d.channel === 'webhook' ? 'URL to call' : 'Link', 'link', d.link, (link) => set({ link }))}
          <label className="checkbox">
            <input type="checkbox" checked={d.marketing} onChange={(e) => set({ marketing: e.target.checked })} /> Marketing message (consent and unsubscribe apply)
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={d.trackConversion} onChange={(e) => set({ trackConversion: e.target.checked })} /> Track conversions
          </label>
          <Field label="Drop if not sent within (hours)" hint="Empty: the workspace's rule (Settings). A stale reminder is worse than none.">
            <input
              aria-label="Deadline in hours"
              type="number"
              min={1}
              max={720}
              value={d.deadlineHours ?? ''}
              onChange={(e) => {
                const { deadlineHours: _previous, ...rest } = d;
                props.onChange({ data: e.target.value === '' ? rest : { ...rest, deadlineHours: Number(e.target.value) } });
              }}
            />
          </Field>
        </>
      );
      break;
    }
    case 'set_attribute': {
      const d = node.data;
      body = (
        <>
          {text('Attribute', 'attribute', d.attribute, (attribute) => props.onChange({ data: { ...d, attribute } }))}
          {text('Value', 'value', String(d.value), (value) => props.onChange({ data: { ...d, value } }))}
        </>
      );
      break;
    }
    case 'list_membership': {
      const d = node.data;
      const lists = segments.filter((s) => s.kind === 'static');
      body = (
        <>
          <Field label="Action">
            <select aria-label="Action" value={d.op} onChange={(e) => props.onChange({ data: { ...d, op: e.target.value as typeof d.op } })}>
              <option value="add">Add to list</option>
              <option value="remove">Remove from list</option>
            </select>
          </Field>
          <Field label="List" issue={issueOf('segmentId')}>
            <select aria-label="List" value={d.segmentId ?? ''} onChange={(e) => props.onChange({ data: { ...d, segmentId: e.target.value === '' ? null : Number(e.target.value) } })}>
              <option value="">Choose a list</option>
              {lists.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name}
                </option>
              ))}
            </select>
          </Field>
        </>
      );
      break;
    }
    case 'add_score':
      body = (
        <Field label="Points (negative takes points)" issue={issueOf('points')}>
          <input type="number" aria-label="Points" value={node.data.points} onChange={(e) => props.onChange({ data: { points: Math.trunc(Number(e.target.value)) } })} />
        </Field>
      );
      break;
    case 'webhook':
      body = (
        <>
          {text('URL', 'url', node.data.url, (url) => props.onChange({ data: { ...node.data, url } }))}
          {text('JSON body (Liquid)', 'body', node.data.body, (b) => props.onChange({ data: { ...node.data, body: b } }), { multiline: true })}
        </>
      );
      break;
    case 'exit':
      body = <p className="hint">Customers who reach this step leave the flow.</p>;
      break;
  }

  return (
    <aside className="inspector" aria-label="Step settings">
      <h2>{NODE_TYPE_LABELS[node.type]}</h2>
      <Field label="Name">
        <input aria-label="Step name" value={node.label} onChange={(e) => props.onChange({ label: e.target.value })} />
      </Field>
      {body}
      <datalist id="flow-events">
        {REFERENCE_EVENTS.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
      <p className="hint">Step id: {node.id}</p>
    </aside>
  );
}
