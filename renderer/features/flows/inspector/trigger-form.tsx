import type { FlowNodeOf } from '../../../../shared/domain/flow';
import { assertNever, EventFields, Field, SpanInput, Weekdays, type FormTools } from './fields';
import { GroupEditor } from '../../audience/FilterEditor';
import { useT } from '../../../i18n';

/** How customers enter: an event, a segment, a schedule or a date. */
export function TriggerForm({ node, form }: { node: FlowNodeOf<'trigger_segment' | 'trigger_schedule' | 'trigger_date' | 'trigger_event'>; form: FormTools }) {
  const { issueOf, segments, text } = form;
  const t = useT();
  switch (node.type) {
    case 'trigger_event':
      return <EventFields node={node} form={form} />;
    case 'trigger_segment': {
      return (
        <Field label={t('inspector.enterWhen')} issue={issueOf('filter')}>
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
          <Field label={t('inspector.repeat')}>
            <select aria-label={t('inspector.repeat')} value={d.repeat} onChange={(e) => set({ repeat: e.target.value as typeof d.repeat })}>
              <option value="once">{t('inspector.repeat.once')}</option>
              <option value="daily">{t('inspector.repeat.daily')}</option>
              <option value="weekly">{t('inspector.repeat.weekly')}</option>
              <option value="monthly">{t('inspector.repeat.monthly')}</option>
            </select>
          </Field>
          {d.repeat === 'once' ? (
            <Field label={t('inspector.dateTime')} issue={issueOf('at')}>
              <input type="datetime-local" aria-label={t('inspector.dateTime')} value={d.at} onChange={(e) => set({ at: e.target.value })} />
            </Field>
          ) : (
            <Field label={t('inspector.timeOfDay')}>
              <input type="time" aria-label={t('inspector.timeOfDay')} value={d.time} onChange={(e) => set({ time: e.target.value })} />
            </Field>
          )}
          {d.repeat === 'weekly' && <Weekdays value={d.weekdays} onChange={(weekdays) => set({ weekdays })} />}
          {d.repeat === 'monthly' && (
            <Field label={t('inspector.dayOfMonth')}>
              <input type="number" min={1} max={31} aria-label={t('inspector.dayOfMonth')} value={d.dayOfMonth} onChange={(e) => set({ dayOfMonth: Number(e.target.value) })} />
            </Field>
          )}
          <Field label={t('inspector.timeZone')}>
            <select aria-label={t('inspector.timeZone')} value={d.zone} onChange={(e) => set({ zone: e.target.value as typeof d.zone })}>
              <option value="flow">{t('inspector.flowZone')}</option>
              <option value="customer">{t('inspector.customerZone')}</option>
            </select>
          </Field>
          <Field label={t('inspector.audience')} issue={issueOf('audience')}>
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
          <SpanInput label={t('inspector.offset')} value={d.offset} onChange={(offset) => set({ offset })} />
          <Field label={t('inspector.beforeAfter')}>
            <select aria-label={t('inspector.beforeAfter')} value={d.direction} onChange={(e) => set({ direction: e.target.value as typeof d.direction })}>
              <option value="after">{t('inspector.after')}</option>
              <option value="before">{t('inspector.before')}</option>
            </select>
          </Field>
          {text(t('inspector.dateProperty'), 'field', d.field, (field) => set({ field }), { hint: t('inspector.datePropertyHint') })}
          <Field label={t('inspector.atLabel')}>
            <input type="time" aria-label={t('inspector.at')} value={d.time} onChange={(e) => set({ time: e.target.value })} />
          </Field>
        </>
      );
    }
    default:
      return assertNever(node);
  }
}
