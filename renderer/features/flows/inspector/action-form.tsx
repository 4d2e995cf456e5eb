import type { FlowNodeOf } from '../../../../shared/domain/flow';
import { assertNever, EventFields, Field, type FormTools } from './fields';
import { useT } from '../../../i18n';

/** What a step does to the customer, or how they leave: attribute, list, score, webhook, goal, exit. */
export function ActionForm({ node, form }: { node: FlowNodeOf<'set_attribute' | 'list_membership' | 'add_score' | 'webhook' | 'exit' | 'goal'>; form: FormTools }) {
  const { issueOf, segments, text } = form;
  const t = useT();
  switch (node.type) {
    case 'goal':
      return <EventFields node={node} form={form} />;
    case 'set_attribute': {
      const d = node.data;
      return (
        <>
          {text(t('inspector.attribute'), 'attribute', d.attribute, (attribute) => form.onChange({ data: { ...d, attribute } }))}
          {text(t('inspector.value'), 'value', String(d.value), (value) => form.onChange({ data: { ...d, value } }))}
        </>
      );
    }
    case 'list_membership': {
      const d = node.data;
      const lists = segments.filter((s) => s.kind === 'static');
      return (
        <>
          <Field label={t('inspector.action')}>
            <select aria-label={t('inspector.action')} value={d.op} onChange={(e) => form.onChange({ data: { ...d, op: e.target.value as typeof d.op } })}>
              <option value="add">{t('inspector.addToList')}</option>
              <option value="remove">{t('inspector.removeFromList')}</option>
            </select>
          </Field>
          <Field label={t('inspector.list')} issue={issueOf('segmentId')}>
            <select aria-label={t('inspector.list')} value={d.segmentId ?? ''} onChange={(e) => form.onChange({ data: { ...d, segmentId: e.target.value === '' ? null : Number(e.target.value) } })}>
              <option value="">{t('inspector.chooseList')}</option>
              {lists.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name}
                </option>
              ))}
            </select>
          </Field>
        </>
      );
    }
    case 'add_score': {
      return (
        <Field label={t('inspector.pointsLabel')} issue={issueOf('points')}>
          <input type="number" aria-label={t('inspector.points')} value={node.data.points} onChange={(e) => form.onChange({ data: { points: Math.trunc(Number(e.target.value)) } })} />
        </Field>
      );
    }
    case 'webhook': {
      return (
        <>
          {text(t('inspector.url'), 'url', node.data.url, (url) => form.onChange({ data: { ...node.data, url } }))}
          {text(t('inspector.jsonBody'), 'body', node.data.body, (b) => form.onChange({ data: { ...node.data, body: b } }), { multiline: true })}
        </>
      );
    }
    case 'exit': {
      return <p className="hint">{t('inspector.exitHint')}</p>;
    }
    default:
      return assertNever(node);
  }
}
