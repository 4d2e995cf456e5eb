import type { FlowNodeOf } from '../../../../shared/domain/flow';
import { assertNever, EventFields, Field, SpanInput, Weekdays, type FormTools } from './fields';
import { GroupEditor } from '../../audience/FilterEditor';

/** How customers enter: an event, a segment, a schedule or a date. */
export function TriggerForm({ node, form }: { node: FlowNodeOf<'trigger_segment' | 'trigger_schedule' | 'trigger_date' | 'trigger_event'>; form: FormTools }) {
  const { issueOf, segments, text } = form;
  switch (node.type) {
    case 'trigger_event':
      return <EventFields node={node} form={form} />;
    case 'trigger_segment': {
      return (
        <Field label="Customers enter when they start to match" issue={issueOf('filter')}>
          <ul className="filter-tree">
            <GroupEditor group={node.data.filter} segments={segments} depth={0} onChange={(filter) => form.onChange({ data: { ...node.data, filter } })} />
          </ul>
        </Field>
      );
    }
    case 'trigger_schedule': {
      const d = node.data;
      const set = (patch: Partial<typeof d>) => form.onChange({ data: { ...d, ...patch } });
      return (
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
    }
    case 'trigger_date': {
      const d = node.data;
      const set = (patch: Partial<typeof d>) => form.onChange({ data: { ...d, ...patch } });
      return (
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
    }
    default:
      return assertNever(node);
  }
}
