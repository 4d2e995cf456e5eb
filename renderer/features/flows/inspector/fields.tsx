import type { ReactNode } from 'react';
import { DELAY_UNITS, type FlowNode, type FlowNodeData, type Span } from '../../../../shared/domain/flow';
import type { FlowReferences } from '../../../../shared/domain/flow-summary';
import type { FlowIssue } from '../../../../shared/domain/flow-validation';
import { useT } from '../../../i18n';
import { useIssueText } from '../../../i18n/words';

/** What every step form gets: the step's change, its problems by field, the workspace's references, a text field maker. */
export interface FormTools {
  onChange(change: { label?: string; data?: FlowNode['data'] }): void;
  issueOf(field: string): FlowIssue | undefined;
  references: FlowReferences;
  segments: FlowReferences['segments'];
  allNodes: FlowNode[];
  text(label: string, field: string, value: string, set: (v: string) => void, opts?: { hint?: string; multiline?: boolean; list?: string }): ReactNode;
}

export function assertNever(value: never): never {
  throw new Error(`No form for ${JSON.stringify(value)}`);
}

export function Field(props: { label: string; issue?: FlowIssue | undefined; children: ReactNode; hint?: string }) {
  const issueText = useIssueText();
  return (
    <label className={`inspector-field${props.issue ? ' field-invalid' : ''}`}>
      <span>{props.label}</span>
      {props.children}
      {props.hint && <small className="hint">{props.hint}</small>}
      {props.issue && <small className="field-error">{issueText(props.issue)}</small>}
    </label>
  );
}

export function SpanInput(props: { label: string; value: Span; onChange(value: Span): void; issue?: FlowIssue | undefined }) {
  const t = useT();
  return (
    <Field label={props.label} issue={props.issue}>
      <span className="row">
        <input
          type="number"
          min={0}
          aria-label={t('inspector.spanAmount', { label: props.label })}
          value={props.value.amount}
          onChange={(e) => props.onChange({ ...props.value, amount: Math.max(0, Math.trunc(Number(e.target.value))) })}
        />
        <select aria-label={t('inspector.spanUnit', { label: props.label })} value={props.value.unit} onChange={(e) => props.onChange({ ...props.value, unit: e.target.value as Span['unit'] })}>
          {DELAY_UNITS.map((u) => (
            <option key={u} value={u}>
              {t(`inspector.unit.${u}`)}
            </option>
          ))}
        </select>
      </span>
    </Field>
  );
}

export function Weekdays(props: { value: number[]; onChange(value: number[]): void }) {
  const t = useT();
  return (
    <fieldset className="weekdays">
      <legend>{t('inspector.weekdays')}</legend>
      {[1, 2, 3, 4, 5, 6, 7].map((day, i) => (
        <label key={day}>
          <input type="checkbox" checked={props.value.includes(i + 1)} onChange={(e) => props.onChange(e.target.checked ? [...props.value, i + 1].sort() : props.value.filter((d) => d !== i + 1))} />
          {t(`describe.weekday.${day}` as 'describe.weekday.1')}
        </label>
      ))}
    </fieldset>
  );
}

/** The event a trigger starts on, a wait waits for, or a goal watches for (with each one's own extras). */
export function EventFields({ node, form }: { node: FlowNode & { type: 'trigger_event' | 'wait_event' | 'goal' }; form: FormTools }) {
  const { issueOf, text } = form;
  const t = useT();
  const data = node.data as FlowNodeData<'trigger_event'> & Partial<FlowNodeData<'wait_event'>>;
  const set = (patch: Partial<typeof data>) => form.onChange({ data: { ...node.data, ...patch } as FlowNode['data'] });
  return (
    <>
      {text(t('inspector.event'), 'event', data.event, (event) => set({ event }), { list: 'flow-events' })}
      {node.type === 'trigger_event' && text(t('inspector.keyProperty'), 'key', data.key, (key) => set({ key }), { hint: t('inspector.keyHint') })}
      {node.type === 'wait_event' && (
        <>
          <SpanInput label={t('inspector.timeOutAfter')} value={data.timeout!} onChange={(timeout) => set({ timeout })} issue={issueOf('timeout')} />
          {text(t('inspector.sameKey'), 'matchKey', data.matchKey ?? '', (matchKey) => set({ matchKey }), { hint: t('inspector.sameKeyHint') })}
        </>
      )}
    </>
  );
}
