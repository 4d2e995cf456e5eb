import { useState } from 'react';
import { useT } from '../../i18n';
import type { FlowNodeData } from '../../../shared/domain/flow';
import { CONTENT_LANGUAGES, LANGUAGE_NAMES, type ContentLanguage, type VariantContent } from '../../../shared/domain/message-variants';

type SendContent = FlowNodeData<'send'>;
type TextKey = 'title' | 'subject' | 'html' | 'mjml' | 'templateName' | 'body';

const MJML_STARTER = `<mjml>
  <mj-body>
    <mj-section>
      <mj-column>
        <mj-text>Bonjour {{ customer.first_name | default: "" }},</mj-text>
        <mj-button href="https://example.com">Voir</mj-button>
        <mj-text><a href="{{ unsubscribe_url }}">Se désabonner</a></mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`;

/**
 * A message's text, in its default language and in optional French, Arabic and English variants
 * (a tab each). A variant field left empty takes the default's text. Every field is `dir="auto"`:
 * Arabic runs right to left, Latin names and numbers inside it stay in order.
 */
export function ContentFields({
  channel,
  content,
  onChange,
  issueOf,
}: {
  channel: string;
  content: SendContent;
  onChange(content: SendContent): void;
  issueOf?: (field: string) => string | undefined;
}) {
  const [language, setLanguage] = useState<'default' | ContentLanguage>('default');
  const t = useT();
  const variant: VariantContent | undefined = language === 'default' ? undefined : content.variants?.[language];
  const textOf = (key: TextKey) => (language === 'default' ? (content[key] ?? '') : (variant?.[key] ?? ''));
  const writesMjml = (content.mjml ?? '').trim() !== '';
  const set = (key: TextKey, value: string) => {
    if (language === 'default') return onChange({ ...content, [key]: value });
    const next: VariantContent = { ...(content.variants?.[language] ?? {}) };
    if (value === '') delete next[key];
    else next[key] = value;
    onChange({ ...content, variants: { ...content.variants, [language]: next } });
  };
  const removeVariant = () => {
    if (language === 'default') return;
    const { [language]: _removed, ...rest } = content.variants ?? {};
    onChange({ ...content, variants: rest });
    setLanguage('default');
  };
  const field = (label: string, key: TextKey, multiline = false) => {
    const issue = issueOf?.(language === 'default' ? key : 'variants');
    const base = content[key] ?? '';
    const placeholder = language === 'default' ? '' : base ? t('content.emptyTakes', { text: base.slice(0, 60) }) : '';
    const id = `message-${key}`;
    return (
      <div className={`inspector-field${issue ? ' field-invalid' : ''}`}>
        <label htmlFor={id}>{label}</label>
        {multiline ? (
          <textarea id={id} rows={4} aria-label={label} dir="auto" value={textOf(key)} placeholder={placeholder} onChange={(e) => set(key, e.target.value)} />
        ) : (
          <input id={id} aria-label={label} dir="auto" value={textOf(key)} placeholder={placeholder} onChange={(e) => set(key, e.target.value)} />
        )}
        {issue && <small className="field-error">{issue}</small>}
      </div>
    );
  };

  return (
    <div className="content-fields">
      <div role="tablist" aria-label={t('content.languageTabs')} className="tabs small">
        {(['default', ...CONTENT_LANGUAGES] as const).map((lang) => (
          <button key={lang} type="button" role="tab" aria-selected={language === lang} className={language === lang ? 'tab active' : 'tab'} onClick={() => setLanguage(lang)}>
            {lang === 'default' ? t('content.default') : LANGUAGE_NAMES[lang]}
            {lang !== 'default' && content.variants?.[lang] !== undefined ? ' •' : ''}
          </button>
        ))}
      </div>
      {language !== 'default' && (
        <p className="hint">
          {t('content.variantHint', { language: LANGUAGE_NAMES[language] })}{' '}
          {variant !== undefined && (
            <button type="button" className="link" onClick={removeVariant}>
              {t('content.removeVariant')}
            </button>
          )}
        </p>
      )}
      {(channel === 'push' || channel === 'in_app') && field(t('content.title'), 'title')}
      {channel === 'email' && field(t('content.subject'), 'subject')}
      {channel === 'email' && (
        <label className="checkbox">
          <input type="checkbox" checked={writesMjml} onChange={(e) => onChange({ ...content, mjml: e.target.checked ? MJML_STARTER : '' })} /> {t('content.writeMjml')}
        </label>
      )}
      {channel === 'email' && (writesMjml ? field(t('content.mjml'), 'mjml', true) : field(t('content.html'), 'html', true))}
      {channel === 'whatsapp' && field(t('content.template'), 'templateName')}
      {channel !== 'webhook' && field(channel === 'email' ? t('content.textVersion') : t('content.message'), 'body', true)}
    </div>
  );
}
