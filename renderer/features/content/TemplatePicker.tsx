import { useState } from 'react';
import { useT } from '../../i18n';
import type { FlowNodeData } from '../../../shared/domain/flow';
import { engine } from '../../engine-client';
import { useEngineRead } from '../../engine-client/use-engine-read';

type SendContent = FlowNodeData<'send'>;

/** Start a message from the template library, or save this one into it. */
export function TemplatePicker({ channel, content, onChange }: { channel: SendContent['channel']; content: SendContent; onChange(content: SendContent): void }) {
  const templates = useEngineRead('templates/list', { channel }, ['flows']).value?.templates ?? [];
  const [message, setMessage] = useState<string | null>(null);
  const t = useT();
  const start = (id: number) => {
    const template = templates.find((t) => t.id === id);
    if (!template) return;
    // The template's words and variants; this step's channel, provider and delivery options stay.
    onChange({ ...content, ...template.content, channel, providerId: content.providerId, marketing: content.marketing, trackConversion: content.trackConversion, libraryTemplateId: template.id });
    setMessage(t('templates.started', { name: template.name }));
  };
  const saveAsTemplate = async () => {
    const name = window.prompt(t('templates.namePrompt'));
    if (!name?.trim()) return;
    try {
      const saved = await engine.call('templates/save', { name: name.trim(), channel, content });
      onChange({ ...content, libraryTemplateId: saved.id });
      setMessage(t('templates.saved', { name: saved.name }));
    } catch (error) {
      setMessage((error as Error).message);
    }
  };
  return (
    <div className="row template-picker">
      <label>
        {t('templates.startFrom')}{' '}
        <select aria-label={t('templates.startFrom')} value="" onChange={(e) => e.target.value && start(Number(e.target.value))}>
          <option value="">{templates.length === 0 ? t('templates.none') : t('templates.choose')}</option>
          {templates.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={() => void saveAsTemplate()}>
        {t('templates.saveAs')}
      </button>
      {message && <span role="status">{message}</span>}
    </div>
  );
}
