import { useEffect, useState } from 'react';
import { useT } from '../../i18n';
import type { FlowNodeData } from '../../../shared/domain/flow';
import { LANGUAGE_NAMES } from '../../../shared/domain/message-variants';
import type { MessagePreview as MessagePreviewValue, PreviewVariant } from '../../../shared/rpc/content-methods';
import { formatMoney } from '../../format';
import { useEngineRead } from '../../engine-client/use-engine-read';

/** An email's HTML shown inert: no scripts, no forms, no navigation, nothing but its own markup. */
const EMAIL_FRAME_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";

function VariantCard({ channel, variant, prices }: { channel: string; variant: PreviewVariant; prices: MessagePreviewValue['smsPrices'] }) {
  const t = useT();
  const name = variant.language === 'default' ? t('content.default') : LANGUAGE_NAMES[variant.language];
  const r = variant.rendered;
  return (
    <section className="preview-card" aria-label={t('preview.variant', { name })}>
      <h4>
        {name}
        {variant.forCustomer && <span className="badge">{t('preview.theirs')}</span>}
      </h4>
      {variant.error && <p role="alert">{t('preview.wouldFail', { error: variant.error })}</p>}
      {r && variant.push && (
        <div className="row">
          {(['android', 'ios'] as const).map((os) => (
            <div key={os} role="group" className={`phone-notification ${os}`} aria-label={t('preview.notification', { os: os === 'ios' ? 'iOS' : 'Android' })}>
              <strong dir="auto">{variant.push![os].title}</strong>
              <p dir="auto">{variant.push![os].body}</p>
              {variant.push![os].cut && <small className="hint">{t('preview.cutOn', { os: os === 'ios' ? 'iOS' : 'Android' })}</small>}
            </div>
          ))}
        </div>
      )}
      {r && variant.sms && (
        <>
          <p className="sms-bubble" dir="auto">
            {r.body}
          </p>
          <p className="hint" data-testid="sms-encoding">
            {t('preview.sms', { encoding: variant.sms.encoding, characters: variant.sms.characters, count: variant.sms.segments, perSegment: variant.sms.perSegment })}
          </p>
          {prices.map((price) => (
            <p key={price.provider} className="hint" data-testid="sms-cost">
              {t('preview.cost', {
                total: formatMoney(variant.sms!.segments * price.perSegment, price.currency),
                provider: price.provider,
                segments: variant.sms!.segments,
                price: formatMoney(price.perSegment, price.currency),
              })}
            </p>
          ))}
        </>
      )}
      {r && channel === 'whatsapp' && r.templateName !== '' && (
        <p className="sms-bubble" dir="auto">
          {t('preview.whatsappTemplate', { name: r.templateName, params: r.templateParams.map((p, i) => `{{${i + 1}}} = ${p}`).join(', ') || t('preview.noParameters') })}
        </p>
      )}
      {r && variant.email && (
        <>
          <p dir="auto">
            <strong>{t('preview.subject')}</strong> {variant.email.subject}
          </p>
          {variant.email.html !== null && (
            <iframe
              title={t('preview.emailFrame', { name })}
              sandbox=""
              className="email-frame"
              srcDoc={`<!doctype html><meta http-equiv="Content-Security-Policy" content="${EMAIL_FRAME_POLICY}"><body dir="auto">${variant.email.html}</body>`}
            />
          )}
          <details>
            <summary>{t('preview.textPart')}</summary>
            <pre dir="auto">{variant.email.text}</pre>
          </details>
        </>
      )}
      {r?.link && <p className="hint">{t('preview.link', { link: r.link })}</p>}
      {variant.warnings.length > 0 && (
        <ul className="warnings">
          {variant.warnings.map((warning) => (
            <li key={warning}>{warning}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * The message as a customer will see it, rendered by the engine (content/preview: the outbox's own
 * scope and variant choice), for a customer you pick or the workspace's first, each variant apart.
 */
export function MessagePreview({ channel, content }: { channel: FlowNodeData<'send'>['channel']; content: FlowNodeData<'send'> }) {
  const [search, setSearch] = useState('');
  const [customer, setCustomer] = useState<string | null>(null);
  const found = useEngineRead('customers/list', search.trim() === '' ? null : { search, limit: 8 }, [], { delayMs: 250 }).value?.rows ?? [];
  // A search that names a customer exactly (their id, picked from the list) renders for them.
  useEffect(() => {
    const match = found.find((row) => row.externalId === search.trim());
    if (match && match.externalId !== customer) setCustomer(match.externalId);
  }, [found, search, customer]);
  const t = useT();
  const preview = useEngineRead('content/preview', { target: { kind: 'content', channel, content }, ...(customer ? { customer } : {}) }, ['customers'], { delayMs: 300, keepWhileReading: true });
  return (
    <section className="message-preview" aria-label={t('preview.region')}>
      <h3>{t('preview.heading')}</h3>
      <label>
        {t('preview.forCustomer')} <input type="search" dir="auto" list="preview-customers" value={search} onChange={(e) => setSearch(e.target.value)} />
      </label>
      <datalist id="preview-customers">
        {found.map((row) => (
          <option key={row.externalId} value={row.externalId}>
            {[row.firstName, row.lastName, row.email].filter(Boolean).join(' · ')}
          </option>
        ))}
      </datalist>
      {preview.error && <p role="alert">{preview.error}</p>}
      {preview.value && (
        <>
          <p className="hint">
            {t('preview.renderedFor', {
              name: preview.value.customer.name || preview.value.customer.externalId,
              id: preview.value.customer.externalId,
              sample: preview.value.customer.sample ? t('preview.sample') : '',
              language: preview.value.customer.language ?? t('preview.unknownLanguage'),
            })}
          </p>
          {preview.value.variants.map((variant) => (
            <VariantCard key={variant.language} channel={channel} variant={variant} prices={preview.value?.smsPrices ?? []} />
          ))}
        </>
      )}
    </section>
  );
}
