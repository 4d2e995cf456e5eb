import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useT } from '../../i18n';
import { FLOW_TEMPLATES } from '../../../shared/domain/flow-templates';
import { engine } from '../../engine-client';
import { formatDateTime } from '../../format';
import { useFlows } from '../../stores/flows';
import { useWorkspace } from '../../stores/workspace';
import { FlowEditor } from './FlowEditor';

/** Flows: the list with status and versions, a gallery of reference journeys, import of a flow file. */
export function FlowsPage() {
  const { flows, openId, load, open } = useFlows();
  const timeZone = useWorkspace((s) => s.settings?.timeZone ?? 'UTC');
  const [message, setMessage] = useState<{ text: string; error?: boolean } | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const t = useT();

  // The list is read when shown (again after the editor closes); the editor reads its own flow.
  useEffect(() => {
    if (openId === null) void load();
  }, [load, openId]);

  if (openId !== null) return <FlowEditor flowId={openId} />;

  const create = async (name: string, templateId?: string) => {
    try {
      const flow = await engine.call('flows/create', { name, ...(templateId ? { templateId } : {}) });
      open(flow.id);
    } catch (error) {
      setMessage({ text: (error as Error).message, error: true });
    }
  };
  const onCreate = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get('name') ?? '').trim();
    if (name) void create(name);
  };
  /** The template's name, else "Name (2)"…, against the flows as they are now (the list on screen may still be loading). */
  const createFromTemplate = async (base: string, templateId: string) => {
    try {
      const taken = new Set((await engine.call('flows/list', {})).flows.map((f) => f.name.toLowerCase()));
      let name = base;
      for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base} (${n})`;
      await create(name, templateId);
    } catch (error) {
      setMessage({ text: (error as Error).message, error: true });
    }
  };
  const onImport = async (file: File | undefined) => {
    if (!file) return;
    try {
      const flow = await engine.call('flows/import', { text: await file.text() });
      setMessage({ text: flow.issues.length ? t('flows.importedProblems', { name: flow.name, count: flow.issues.length }) : t('flows.imported', { name: flow.name }) });
      void load();
    } catch (error) {
      setMessage({ text: `${file.name}: ${(error as Error).message}`, error: true });
    } finally {
      if (fileInput.current) fileInput.current.value = '';
    }
  };

  return (
    <section className="page" aria-labelledby="flows-heading">
      <h1 id="flows-heading">{t('flows.heading')}</h1>
      {message && (
        <p role={message.error ? 'alert' : 'status'} className={message.error ? 'error' : 'hint'}>
          {message.text}
        </p>
      )}
      <div className="row">
        <form onSubmit={onCreate} className="row" aria-label={t('flows.newFlow')}>
          <input dir="auto" name="name" aria-label={t('flows.newName')} placeholder={t('flows.namePlaceholder')} required />
          <button type="submit">{t('flows.createEmpty')}</button>
        </form>
        <label className="button-like">
          {t('flows.importFile')}
          <input ref={fileInput} type="file" accept=".json,application/json" className="visually-hidden" data-testid="flow-import" onChange={(e) => void onImport(e.target.files?.[0])} />
        </label>
      </div>
      {flows.length > 0 && (
        <table className="errors-table" aria-label={t('flows.table')}>
          <thead>
            <tr>
              <th scope="col">{t('flows.name')}</th>
              <th scope="col">{t('flows.status')}</th>
              <th scope="col">{t('flows.version')}</th>
              <th scope="col">{t('flows.steps')}</th>
              <th scope="col">{t('flows.changed')}</th>
            </tr>
          </thead>
          <tbody>
            {flows.map((f) => (
              <tr key={f.id}>
                <td>
                  <button type="button" className="link" onClick={() => open(f.id)}>
                    {f.name}
                  </button>
                </td>
                <td>
                  <span className={`status status-${f.status}`}>{t(`flows.status.${f.status}`)}</span>
                </td>
                <td>{f.version === null ? t('flows.notPublished') : t(f.hasDraftChanges ? 'flows.withDraft' : 'flows.versionOnly', { version: f.version })}</td>
                <td>{f.steps}</td>
                <td>{formatDateTime(f.updatedAt, timeZone)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{t('flows.templates')}</h2>
      <ul className="gallery" aria-label={t('flows.templatesList')}>
        {FLOW_TEMPLATES.map((template) => {
          const name = t(`flowTemplate.${template.id}.name` as 'flowTemplate.onboarding.name');
          return (
            <li key={template.id} className="card">
              <h3>{name}</h3>
              <p>{t(`flowTemplate.${template.id}.description` as 'flowTemplate.onboarding.description')}</p>
              <button type="button" onClick={() => void createFromTemplate(name, template.id)} aria-label={t('flows.useTemplate', { name })}>
                {t('flows.useThis')}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
