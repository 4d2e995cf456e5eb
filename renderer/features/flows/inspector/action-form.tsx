import type { FlowNodeOf } from '../../../../shared/domain/flow';
import { assertNever, EventFields, Field, type FormTools } from './fields';

/** What a step does to the customer, or how they leave: attribute, list, score, webhook, goal, exit. */
export function ActionForm({ node, form }: { node: FlowNodeOf<'set_attribute' | 'list_membership' | 'add_score' | 'webhook' | 'exit' | 'goal'>; form: FormTools }) {
  const { issueOf, segments, text } = form;
  switch (node.type) {
    case 'goal':
      return <EventFields node={node} form={form} />;
    case 'set_attribute': {
      const d = node.data;
      return (
        <>
          {text('Attribute', 'attribute', d.attribute, (attribute) => form.onChange({ data: { ...d, attribute } }))}
          {text('Value', 'value', String(d.value), (value) => form.onChange({ data: { ...d, value } }))}
        </>
      );
    }
    case 'list_membership': {
      const d = node.data;
      const lists = segments.filter((s) => s.kind === 'static');
      return (
        <>
          <Field label="Action">
            <select aria-label="Action" value={d.op} onChange={(e) => form.onChange({ data: { ...d, op: e.target.value as typeof d.op } })}>
              <option value="add">Add to list</option>
              <option value="remove">Remove from list</option>
            </select>
          </Field>
          <Field label="List" issue={issueOf('segmentId')}>
            <select aria-label="List" value={d.segmentId ?? ''} onChange={(e) => form.onChange({ data: { ...d, segmentId: e.target.value === '' ? null : Number(e.target.value) } })}>
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
    }
    case 'add_score': {
      return (
        <Field label="Points (negative takes points)" issue={issueOf('points')}>
          <input type="number" aria-label="Points" value={node.data.points} onChange={(e) => form.onChange({ data: { points: Math.trunc(Number(e.target.value)) } })} />
        </Field>
      );
    }
    case 'webhook': {
      return (
        <>
          {text('URL', 'url', node.data.url, (url) => form.onChange({ data: { ...node.data, url } }))}
          {text('JSON body (Liquid)', 'body', node.data.body, (b) => form.onChange({ data: { ...node.data, body: b } }), { multiline: true })}
        </>
      );
    }
    case 'exit': {
      return <p className="hint">Customers who reach this step leave the flow.</p>;
    }
    default:
      return assertNever(node);
  }
}
