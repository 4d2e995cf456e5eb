import { useState } from 'react';
import type { FlowNodeData } from '../../../shared/domain/flow';
import { engine } from '../../engine-client';
import { useEngineRead } from '../../engine-client/use-engine-read';

type SendContent = FlowNodeData<'send'>;

/** Start a message from the template library, or save this one into it. */
export function TemplatePicker({ channel, content, onChange }: { channel: SendContent['channel']; content: SendContent; onChange(content: SendContent): void }) {
  const templates = useEngineRead('templates/list', { channel }, ['flows']).value?.templates ?? [];
  const [message, setMessage] = useState<string | null>(null);
  const start = (id: number) => {
    const template = templates.find((t) => t.id === id);
    if (!template) return;
    // The template's words and variants; this step's channel, provider and delivery options stay.
    onChange({ ...content, ...template.content, channel, providerId: content.providerId, marketing: content.marketing, trackConversion: content.trackConversion, libraryTemplateId: template.id });
    setMessage(`Started from “${template.name}”.`);
  };
  const saveAsTemplate = async () => {
    const name = window.prompt('Name of the template');
    if (!name?.trim()) return;
    try {
      const saved = await engine.call('templates/save', { name: name.trim(), channel, content });
      onChange({ ...content, libraryTemplateId: saved.id });
      setMessage(`Saved as the template “${saved.name}”.`);
    } catch (error) {
      setMessage((error as Error).message);
    }
  };
  return (
    <div className="row template-picker">
      <label>
        Start from a template{' '}
        <select aria-label="Start from a template" value="" onChange={(e) => e.target.value && start(Number(e.target.value))}>
          <option value="">{templates.length === 0 ? 'No templates for this channel yet' : 'Choose…'}</option>
          {templates.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={() => void saveAsTemplate()}>
        Save as template…
      </button>
      {message && <span role="status">{message}</span>}
    </div>
  );
}
