import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { HIDDEN, PROVIDER_KINDS, providerKind, type ProviderChannel, type ProviderField, type ProviderKindInfo } from '../../../shared/domain/providers';
import type { ProviderSummary, ProviderTestResult } from '../../../shared/rpc/provider-methods';
import { CHANNEL_LABELS } from '../../choices';
import { engine } from '../../engine-client';
import { formatDateTime } from '../../format';
import { useTimeZone } from '../../stores/workspace';

/**
 * The services that deliver messages: add one with its settings (the form comes from the kind's
 * list in shared/domain/providers.ts), send it a test message, make it its channel's default,
 * ask it for delivery statuses or import its engagement export. Secret settings never come back to
 * this window: a saved one shows as "saved", and leaving it untouched keeps it.
 */
type Draft = { id: number | null; name: string; kind: string; channel: string; values: Record<string, string> };

function headersToText(value: unknown): string {
  return Object.entries((value as Record<string, string> | undefined) ?? {})
    .map(([name, v]) => `${name}: ${v}`)
    .join('\n');
}

function textToHeaders(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const at = line.indexOf(':');
    if (line.trim() === '') continue;
    if (at <= 0) throw new Error(`Headers: "${line}" is not "Name: value".`);
    headers[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return headers;
}

function draftOf(provider: ProviderSummary | null, kind: ProviderKindInfo): Draft {
  const values: Record<string, string> = {};
  for (const field of kind.fields) {
    const value = provider?.config[field.key];
    values[field.key] = field.type === 'headers' ? headersToText(value) : value === undefined ? '' : String(value);
  }
  return { id: provider?.id ?? null, name: provider?.name ?? '', kind: kind.kind, channel: provider?.channel ?? kind.channels[0]!, values };
}

/** Settings as the engine takes them: numbers as numbers, a kept secret as HIDDEN, an emptied one as ''. */
function configOf(draft: Draft, kind: ProviderKindInfo): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const field of kind.fields) {
    const value = draft.values[field.key] ?? '';
    if (field.type === 'headers') config[field.key] = textToHeaders(value);
    else if (field.type === 'number') config[field.key] = value.trim() === '' ? '' : Number(value);
    else config[field.key] = value;
  }
  return config;
}

function FieldInput({ field, value, onChange }: { field: ProviderField; value: string; onChange: (value: string) => void }) {
  const saved = field.secret && (value === HIDDEN || value.includes(`: ${HIDDEN}`));
  const label = `${field.label}${field.required ? ' (required)' : ''}`;
  const help = field.help ? <span className="hint">{field.help}</span> : null;
  if (field.type === 'select') {
    return (
      <label>
        {label}
        <select value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">(default: {field.options?.[0]})</option>
          {field.options?.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
        {help}
      </label>
    );
  }
  if (field.type === 'textarea' || field.type === 'headers') {
    return (
      <label>
        {label}
        <textarea
          dir="auto"
          rows={field.type === 'headers' ? 3 : 5}
          value={field.secret && value === HIDDEN ? '' : value}
          placeholder={saved ? 'Saved. Leave empty to keep it; paste a new one to replace it.' : field.type === 'headers' ? 'Authorization: Bearer …' : (field.placeholder ?? '')}
          onChange={(e) => onChange(e.target.value === '' && field.secret && value === HIDDEN ? HIDDEN : e.target.value)}
          spellCheck={false}
          autoComplete="off"
        />
        {help}
      </label>
    );
  }
  return (
    <label>
      {label}
      <input
        type={field.secret ? 'password' : field.type === 'number' ? 'number' : field.type === 'url' ? 'url' : 'text'}
        value={saved ? '' : value}
        placeholder={saved ? 'Saved. Leave empty to keep it.' : (field.placeholder ?? '')}
        onChange={(e) => onChange(e.target.value === '' && saved ? HIDDEN : e.target.value)}
        autoComplete="off"
        spellCheck={false}
      />
      {help}
    </label>
  );
}

function ProviderForm({ editing, onDone }: { editing: ProviderSummary | null; onDone: (message: string | null) => void }) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(editing, providerKind(editing?.kind ?? 'twilio') ?? PROVIDER_KINDS[0]!));
  const [error, setError] = useState<string | null>(null);
  const kind = providerKind(draft.kind)!;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const config = configOf(draft, kind);
      const saved =
        draft.id === null
          ? await engine.call('providers/create', { name: draft.name, kind: kind.kind, channel: draft.channel as ProviderChannel, config })
          : await engine.call('providers/update', { id: draft.id, name: draft.name, config });
      onDone(`"${saved.name}" saved. Send it a test message to check its settings.`);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} aria-labelledby="provider-form-heading" className="card">
      <h2 id="provider-form-heading">{editing ? `Edit "${editing.name}"` : 'Add a provider'}</h2>
      <label>
        Service
        <select value={draft.kind} disabled={editing !== null} onChange={(e) => setDraft({ ...draftOf(null, providerKind(e.target.value)!), name: draft.name })}>
          {PROVIDER_KINDS.map((k) => (
            <option key={k.kind} value={k.kind}>
              {k.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Channel
        <select value={draft.channel} disabled={editing !== null} onChange={(e) => setDraft({ ...draft, channel: e.target.value })}>
          {kind.channels.map((channel) => (
            <option key={channel} value={channel}>
              {CHANNEL_LABELS[channel]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Name
        <input
          dir="auto"
          value={draft.name}
          required
          maxLength={120}
          onChange={(e) => setDraft({ ...draft, name: e.target.value })}
          placeholder={`${kind.label.split(' (')[0]} ${CHANNEL_LABELS[draft.channel as keyof typeof CHANNEL_LABELS] ?? ''}`}
        />
      </label>
      {kind.fields.map((field) => (
        <FieldInput key={field.key} field={field} value={draft.values[field.key] ?? ''} onChange={(value) => setDraft({ ...draft, values: { ...draft.values, [field.key]: value } })} />
      ))}
      <p className="hint">Statuses back: {kind.statusBack}</p>
      <p className="hint">Keys and tokens are encrypted on this machine and never shown again in this window.</p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary">
          Save provider
        </button>
        <button type="button" onClick={() => onDone(null)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function TestPanel({ provider, onClose }: { provider: ProviderSummary; onClose: () => void }) {
  const need = providerKind(provider.kind)?.testAddress ?? 'none';
  const [address, setAddress] = useState('');
  const [template, setTemplate] = useState('');
  const [result, setResult] = useState<ProviderTestResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const timeZone = useTimeZone();

  const send = async (event: FormEvent) => {
    event.preventDefault();
    setSending(true);
    setError(null);
    setResult(null);
    try {
      const to = need === 'none' ? {} : { [need]: address.trim() };
      setResult(await engine.call('providers/test', { id: provider.id, to, ...(template.trim() ? { templateName: template.trim() } : {}) }));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setSending(false);
    }
  };

  return (
    <form onSubmit={(e) => void send(e)} aria-labelledby="test-heading" className="card">
      <h2 id="test-heading">Send a test message through "{provider.name}"</h2>
      {need !== 'none' && (
        <label>
          {need === 'email' ? 'Email address' : need === 'phone' ? 'Phone number (E.164, e.g. +213551234567)' : 'Push token'}
          <input value={address} required onChange={(e) => setAddress(e.target.value)} type={need === 'email' ? 'email' : 'text'} autoFocus />
        </label>
      )}
      {provider.channel === 'whatsapp' && (
        <label>
          Approved template (outside the 24-hour window)
          <input dir="auto" value={template} onChange={(e) => setTemplate(e.target.value)} placeholder={provider.kind === 'twilio' ? 'Content SID, HX…' : 'template name'} />
        </label>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={sending}>
          {sending ? 'Sending…' : 'Send test message'}
        </button>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      {result && (
        <p role="status" className={result.status === 'sent' ? 'ok' : 'error'}>
          {result.status === 'sent'
            ? `Sent: the provider accepted it${result.providerMessageId ? ` (id ${result.providerMessageId})` : ''} at ${formatDateTime(result.at, timeZone)}.`
            : `${result.status === 'retry' ? 'Not sent, worth retrying' : result.status === 'unknown' ? 'No answer: it may or may not have been sent' : 'Refused'}: ${result.error}`}
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </form>
  );
}

export function ProvidersPage() {
  const [providers, setProviders] = useState<ProviderSummary[] | null>(null);
  const [editing, setEditing] = useState<ProviderSummary | 'new' | null>(null);
  const [testing, setTesting] = useState<ProviderSummary | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const load = useCallback(() => {
    engine.call('providers/list', {}).then(
      (value) => setProviders(value.providers),
      (e: Error) => setMessage(e.message),
    );
  }, []);
  useEffect(load, [load]);

  const act = async (work: () => Promise<string>) => {
    try {
      setMessage(await work());
      load();
    } catch (e) {
      setMessage((e as Error).message);
    }
  };

  const importExport = (provider: ProviderSummary, file: File) =>
    act(async () => {
      const result = await engine.call('providers/import-events', { id: provider.id, csv: await file.text() });
      const rejected = result.rejected.map((r) => `row ${r.row} ${r.field}: ${r.message}`).join('; ');
      return `${file.name}: ${result.recorded} new events recorded (${result.seen - result.recorded - result.unmatched} already known, ${result.unmatched} for messages not in this workspace)${rejected ? `; rejected ${rejected}` : ''}.`;
    });

  if (editing) {
    return (
      <>
        <h1>Providers</h1>
        <ProviderForm
          editing={editing === 'new' ? null : editing}
          onDone={(done) => {
            setEditing(null);
            if (done) setMessage(done);
            load();
          }}
        />
      </>
    );
  }

  return (
    <>
      <h1>Providers</h1>
      <p className="hint">
        The services that deliver your messages. Each channel sends through its default provider unless a step or campaign names another. A new workspace uses the sandbox, which sends nothing and
        simulates results.
      </p>
      <div className="toolbar">
        <button type="button" className="primary" onClick={() => setEditing('new')}>
          Add provider
        </button>
      </div>
      {message && <p role="status">{message}</p>}
      {testing && <TestPanel provider={testing} onClose={() => setTesting(null)} />}
      {providers && (
        <table className="data" aria-label="Providers">
          <caption>Providers by channel</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Service</th>
              <th scope="col">Channel</th>
              <th scope="col">Default</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {providers.map((p) => (
              <tr key={p.id}>
                <td>{p.name}</td>
                <td>{providerKind(p.kind)?.label ?? p.kind}</td>
                <td>{CHANNEL_LABELS[p.channel as keyof typeof CHANNEL_LABELS] ?? p.channel}</td>
                <td>
                  {p.isDefault ? (
                    'Default'
                  ) : (
                    <button
                      type="button"
                      onClick={() => void act(async () => `"${(await engine.call('providers/update', { id: p.id, isDefault: true })).name}" is now the default ${p.channel} provider.`)}
                    >
                      Make default
                    </button>
                  )}
                </td>
                <td>
                  <div className="row-actions">
                    <button type="button" onClick={() => setTesting(p)} aria-label={`Send a test message through ${p.name}`}>
                      Send test
                    </button>
                    <button type="button" onClick={() => setEditing(p)} aria-label={`Edit ${p.name}`}>
                      Edit
                    </button>
                    {providerKind(p.kind)?.pollable && (
                      <button
                        type="button"
                        onClick={() =>
                          void act(async () => {
                            const r = await engine.call('providers/poll', { id: p.id });
                            return `${p.name}: ${r.seen} statuses read, ${r.recorded} new.`;
                          })
                        }
                      >
                        Check statuses now
                      </button>
                    )}
                    {p.kind !== 'sandbox' && (
                      <label className="button-like">
                        Import export…
                        <input
                          type="file"
                          accept=".csv,text/csv"
                          className="visually-hidden"
                          aria-label={`Import an engagement export for ${p.name}`}
                          onChange={(e) => {
                            const file = e.target.files?.[0];
                            if (file) void importExport(p, file);
                            e.target.value = '';
                          }}
                        />
                      </label>
                    )}
                    {!p.isDefault && (
                      <button
                        type="button"
                        aria-label={`Delete ${p.name}`}
                        onClick={() => {
                          if (window.confirm(`Delete "${p.name}"? Its sent messages keep their history.`))
                            void act(async () => (await engine.call('providers/delete', { id: p.id }), `"${p.name}" deleted.`));
                        }}
                      >
                        Delete
                      </button>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="hint">
        Engagement exports are CSV files with the columns event (delivered, opened, clicked, bounced, unsubscribed, failed), time, and message_id or provider_message_id. In web mode started with
        --public-url, providers can also post their webhooks to that address followed by /hooks/ and the provider's number ({providers?.map((p) => `${p.name}: ${p.id}`).join(', ')}).
      </p>
    </>
  );
}
