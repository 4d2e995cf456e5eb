import type { FlowNodeOf } from '../../../../shared/domain/flow';
import { assertNever, Field, type FormTools } from './fields';
import { GroupEditor } from '../../audience/FilterEditor';

/** Where customers go: a yes/no condition, audience paths or a random split. */
export function ConditionForm({ node, form }: { node: FlowNodeOf<'condition' | 'split_audience' | 'split_random'>; form: FormTools }) {
  const { issueOf, segments } = form;
  switch (node.type) {
    case 'condition': {
      const d = node.data;
      const set = (patch: Partial<typeof d>) => form.onChange({ data: { ...d, ...patch } });
      const sends = form.allNodes.filter((n) => n.type === 'send' && n.id !== node.id);
      return (
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
    }
    case 'split_audience': {
      const d = node.data;
      const setPaths = (paths: typeof d.paths) => form.onChange({ data: { paths } });
      return (
        <>
          <p className="hint">The first path that matches wins; everyone else takes the last exit.</p>
          {d.paths.map((path, i) => (
            <fieldset key={path.id} className="path">
              <legend>Path {i + 1}</legend>
              <input dir="auto" aria-label={`Path ${i + 1} name`} value={path.label} onChange={(e) => setPaths(d.paths.map((p, j) => (j === i ? { ...p, label: e.target.value } : p)))} />
              <ul className="filter-tree">
                <GroupEditor group={path.filter} segments={segments} depth={0} onChange={(filter) => setPaths(d.paths.map((p, j) => (j === i ? { ...p, filter } : p)))} />
              </ul>
              <button type="button" onClick={() => setPaths(d.paths.filter((_, j) => j !== i))}>
                Remove path
              </button>
            </fieldset>
          ))}
          <button
            type="button"
            onClick={() => setPaths([...d.paths, { id: `path-${Date.now().toString(36)}`, label: `Path ${d.paths.length + 1}`, filter: { type: 'group', op: 'and', conditions: [] } }])}
          >
            + Path
          </button>
        </>
      );
    }
    case 'split_random': {
      const d = node.data;
      const set = (patch: Partial<typeof d>) => form.onChange({ data: { ...d, ...patch } });
      const total = d.variants.reduce((s, v) => s + v.percent, 0) + d.controlPercent;
      return (
        <>
          {d.variants.map((variant, i) => (
            <div className="row" key={variant.id}>
              <input
                dir="auto"
                aria-label={`Variant ${i + 1} name`}
                value={variant.label}
                onChange={(e) => set({ variants: d.variants.map((v, j) => (j === i ? { ...v, label: e.target.value } : v)) })}
              />
              <input
                type="number"
                min={0}
                max={100}
                aria-label={`Variant ${i + 1} percent`}
                value={variant.percent}
                onChange={(e) => set({ variants: d.variants.map((v, j) => (j === i ? { ...v, percent: Number(e.target.value) } : v)) })}
              />
              %
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
    }
    default:
      return assertNever(node);
  }
}
