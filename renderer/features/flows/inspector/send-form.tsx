import { FLOW_CHANNELS, type FlowNodeOf } from '../../../../shared/domain/flow';
import { Field, type FormTools } from './fields';
import { channelLabel } from '../../../choices';
import { useT } from '../../../i18n';

import { ContentFields } from '../../content/ContentFields';
import { MessagePreview } from '../../content/MessagePreview';
import { TemplatePicker } from '../../content/TemplatePicker';

/** A message: channel, provider, content, link and its delivery options. */
export function SendForm({ node, form }: { node: FlowNodeOf<'send'>; form: FormTools }) {
  const { issueOf, text, references } = form;
  const t = useT();
  const d = node.data;
  const set = (patch: Partial<typeof d>) => form.onChange({ data: { ...d, ...patch } });
  const providers = references.providers.filter((p) => p.channel === d.channel);
  return (
    <>
      <Field label={t('inspector.channel')}>
        <select aria-label={t('inspector.channel')} value={d.channel} onChange={(e) => set({ channel: e.target.value as typeof d.channel, providerId: null })}>
          {FLOW_CHANNELS.map((c) => (
            <option key={c} value={c}>
              {channelLabel(c)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('inspector.provider')} issue={issueOf('providerId')}>
        <select aria-label={t('inspector.provider')} value={d.providerId ?? ''} onChange={(e) => set({ providerId: e.target.value === '' ? null : Number(e.target.value) })}>
          <option value="">{t('inspector.defaultFor', { channel: channelLabel(d.channel) })}</option>
          {providers.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </Field>
      {d.channel !== 'webhook' && <TemplatePicker channel={d.channel} content={d} onChange={(content) => form.onChange({ data: content })} />}
      <ContentFields channel={d.channel} content={d} onChange={(content) => form.onChange({ data: content })} issueOf={(field) => issueOf(field)?.message} />
      <p className="hint">{t('inspector.liquidHint', { first: '{{ customer.first_name }}', cart: '{{ event.cart_id }}', unsubscribe: '{{ unsubscribe_url }}' })}</p>
      {text(t(d.channel === 'webhook' ? 'inspector.urlToCall' : 'inspector.link'), 'link', d.link, (link) => set({ link }))}
      <label className="checkbox">
        <input type="checkbox" checked={d.marketing} onChange={(e) => set({ marketing: e.target.checked })} /> {t('inspector.marketing')}
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={d.trackConversion} onChange={(e) => set({ trackConversion: e.target.checked })} /> {t('inspector.trackConversions')}
      </label>
      <Field label={t('inspector.deadline')} hint={t('inspector.deadlineHint')}>
        <input
          aria-label={t('inspector.deadlineHours')}
          type="number"
          min={1}
          max={720}
          value={d.deadlineHours ?? ''}
          onChange={(e) => {
            const { deadlineHours: _previous, ...rest } = d;
            form.onChange({ data: e.target.value === '' ? rest : { ...rest, deadlineHours: Number(e.target.value) } });
          }}
        />
      </Field>
      {d.channel !== 'webhook' && <MessagePreview channel={d.channel} content={d} />}
    </>
  );
}
