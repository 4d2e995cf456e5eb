import type { FlowNodeOf } from '../../../../shared/domain/flow';
import { assertNever, EventFields, Field, SpanInput, Weekdays, type FormTools } from './fields';
import { useT } from '../../../i18n';

/** How long customers wait: a delay, a time of day, or an event with a timeout. */
export function WaitForm({ node, form }: { node: FlowNodeOf<'wait_delay' | 'wait_until' | 'wait_event'>; form: FormTools }) {
  const { issueOf } = form;
  const t = useT();
  switch (node.type) {
    case 'wait_event':
      return <EventFields node={node} form={form} />;
    case 'wait_delay': {
      return <SpanInput label={t('inspector.waitFor')} value={node.data.delay} onChange={(delay) => form.onChange({ data: { delay } })} issue={issueOf('delay')} />;
    }
    case 'wait_until': {
      const d = node.data;
      return (
        <>
          <Field label={t('inspector.untilLabel')}>
            <input type="time" aria-label={t('inspector.until')} value={d.time} onChange={(e) => form.onChange({ data: { ...d, time: e.target.value } })} />
          </Field>
          <Weekdays value={d.weekdays} onChange={(weekdays) => form.onChange({ data: { ...d, weekdays } })} />
        </>
      );
    }
    default:
      return assertNever(node);
  }
}
