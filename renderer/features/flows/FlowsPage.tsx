import { useEffect, useRef, useState, type FormEvent } from 'react';
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
  const freeName = (base: string) => {
    const taken = new Set(flows.map((f) => f.name.toLowerCase()));
    let name = base;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base} (${n})`;
    return name;
  };
  const onImport = async (file: File | undefined) => {
    if (!file) return;
    try {
      const flow = await engine.call('flows/import', { text: await file.text() });
      setMessage({ text: `Imported "${flow.name}" as a draft${flow.issues.length ? ` with ${flow.issues.length} problem(s) to fix` : ''}.` });
      void load();
    } catch (error) {
      setMessage({ text: `${file.name}: ${(error as Error).message}`, error: true });
    } finally {
      if (fileInput.current) fileInput.current.value = '';
    }
  };

  return (
    <section className="page" aria-labelledby="flows-heading">
      <h1 id="flows-heading">Flows</h1>
      {message && (
        <p role={message.error ? 'alert' : 'status'} className={message.error ? 'error' : 'hint'}>
          {message.text}
        </p>
      )}
      <div className="row">
        <form onSubmit={onCreate} className="row" aria-label="New flow">
          <input dir="auto" name="name" aria-label="New flow name" placeholder="Name of a new flow" required />
          <button type="submit">Create empty flow</button>
        </form>
        <label className="button-like">
          Import a flow file…
          <input ref={fileInput} type="file" accept=".json,application/json" className="visually-hidden" data-testid="flow-import" onChange={(e) => void onImport(e.target.files?.[0])} />
        </label>
      </div>
      {flows.length > 0 && (
        <table className="errors-table" aria-label="Flows">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Status</th>
              <th scope="col">Version</th>
              <th scope="col">Steps</th>
              <th scope="col">Changed</th>
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
                  <span className={`status status-${f.status}`}>{f.status}</span>
                </td>
                <td>{f.version === null ? 'not published' : `v${f.version}${f.hasDraftChanges ? ' + draft changes' : ''}`}</td>
                <td>{f.steps}</td>
                <td>{formatDateTime(f.updatedAt, timeZone)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Start from a template</h2>
      <ul className="gallery" aria-label="Templates">
        {FLOW_TEMPLATES.map((template) => (
          <li key={template.id} className="card">
            <h3>{template.name}</h3>
            <p>{template.description}</p>
            <button type="button" onClick={() => void create(freeName(template.name), template.id)} aria-label={`Use the ${template.name} template`}>
              Use this template
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
