import type { FlowNodeOf } from '../../../../shared/domain/flow';
import { assertNever, Field, type FormTools } from './fields';
import { GroupEditor } from '../../audience/FilterEditor';
import { useT } from '../../../i18n';

/** Where customers go: a yes/no condition, audience paths or a random split. */
export function ConditionForm({ node, form }: { node: FlowNodeOf<'condition' | 'split_audience' | 'split_random'>; form: FormTools }) {
  const { issueOf, segments } = form;
  const t = useT();
  switch (node.type) {
    case 'condition': {
      const d = node.data;
      const set = (patch: Partial<typeof d>) => form.onChange({ data: { ...d, ...patch } });
      const sends = form.allNodes.filter((n) => n.type === 'send' && n.id !== node.id);
      return (
        <>
          <Field label={t('inspector.decideOn')}>
            <select aria-label={t('inspector.decideOn')} value={d.mode} onChange={(e) => set({ mode: e.target.value as typeof d.mode })}>
              <option value="filter">{t('inspector.decideFilter')}</option>
              <option value="engagement">{t('inspector.decideEngagement')}</option>
            </select>
          </Field>
          {d.mode === 'filter' ? (
            <Field label={t('inspector.yesWhen')} issue={issueOf('filter')}>
              <ul className="filter-tree">
                <GroupEditor group={d.filter} segments={segments} depth={0} onChange={(filter) => set({ filter })} />
              </ul>
            </Field>
          ) : (
            <>
              <Field label={t('inspector.message')} issue={issueOf('sendNodeId')}>
                <select aria-label={t('inspector.message')} value={d.sendNodeId} onChange={(e) => set({ sendNodeId: e.target.value })}>
                  <option value="">{t('inspector.chooseSend')}</option>
                  {sends.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.label} ({s.id})
                    </option>
                  ))}
                </select>
              </Field>
              <Field label={t('inspector.yesWhenCustomer')}>
                <select aria-label={t('inspector.engagement')} value={d.engagement} onChange={(e) => set({ engagement: e.target.value as typeof d.engagement })}>
                  <option value="delivered">{t('inspector.received')}</option>
                  <option value="opened">{t('inspector.opened')}</option>
                  <option value="clicked">{t('inspector.clicked')}</option>
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
          <p className="hint">{t('inspector.pathsHint')}</p>
          {d.paths.map((path, i) => (
            <fieldset key={path.id} className="path">
              <legend>{t('inspector.path', { n: i + 1 })}</legend>
              <input
                dir="auto"
                aria-label={t('inspector.pathName', { n: i + 1 })}
                value={path.label}
                onChange={(e) => setPaths(d.paths.map((p, j) => (j === i ? { ...p, label: e.target.value } : p)))}
              />
              <ul className="filter-tree">
                <GroupEditor group={path.filter} segments={segments} depth={0} onChange={(filter) => setPaths(d.paths.map((p, j) => (j === i ? { ...p, filter } : p)))} />
              </ul>
              <button type="button" onClick={() => setPaths(d.paths.filter((_, j) => j !== i))}>
                {t('inspector.removePath')}
              </button>
            </fieldset>
          ))}
          <button
            type="button"
            onClick={() =>
              setPaths([...d.paths, { id: `path-${Date.now().toString(36)}`, label: t('inspector.path', { n: d.paths.length + 1 }), filter: { type: 'group', op: 'and', conditions: [] } }])
            }
          >
            {t('inspector.addPath')}
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
                aria-label={t('inspector.variantName', { n: i + 1 })}
                value={variant.label}
                onChange={(e) => set({ variants: d.variants.map((v, j) => (j === i ? { ...v, label: e.target.value } : v)) })}
              />
              <input
                type="number"
                min={0}
                max={100}
                aria-label={t('inspector.variantPercent', { n: i + 1 })}
                value={variant.percent}
                onChange={(e) => set({ variants: d.variants.map((v, j) => (j === i ? { ...v, percent: Number(e.target.value) } : v)) })}
              />
              %
              <button type="button" aria-label={t('inspector.removeVariant', { n: i + 1 })} onClick={() => set({ variants: d.variants.filter((_, j) => j !== i) })}>
                ✕
              </button>
            </div>
          ))}
          <button type="button" onClick={() => set({ variants: [...d.variants, { id: `v${Date.now().toString(36)}`, label: String.fromCharCode(65 + d.variants.length), percent: 0 }] })}>
            {t('inspector.addVariant')}
          </button>
          <Field label={t('inspector.controlGroup')} issue={issueOf('variants')}>
            <input type="number" min={0} max={100} aria-label={t('inspector.controlPercent')} value={d.controlPercent} onChange={(e) => set({ controlPercent: Number(e.target.value) })} />
          </Field>
          <p className="hint">{t('inspector.total', { total })}</p>
        </>
      );
    }
    default:
      return assertNever(node);
  }
}
