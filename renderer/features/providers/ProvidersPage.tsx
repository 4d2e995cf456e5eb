import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { HIDDEN, PROVIDER_KINDS, providerKind, type ProviderChannel, type ProviderField, type ProviderKindInfo } from '../../../shared/domain/providers';
import type { ProviderSummary, ProviderTestResult } from '../../../shared/rpc/provider-methods';
import { channelLabel } from '../../choices';
import { engine } from '../../engine-client';
import { formatDateTime } from '../../format';
import { useTimeZone } from '../../stores/workspace';
import { useT } from '../../i18n';
import { useProviderWords } from './provider-words';
import { useConfirm } from '../../ui/Dialog';

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

function textToHeaders(text: string, t: ReturnType<typeof useT>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const at = line.indexOf(':');
    if (line.trim() === '') continue;
    if (at <= 0) throw new Error(t('providers.badHeader', { line }));
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
function configOf(draft: Draft, kind: ProviderKindInfo, t: ReturnType<typeof useT>): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const field of kind.fields) {
    const value = draft.values[field.key] ?? '';
    if (field.type === 'headers') config[field.key] = textToHeaders(value, t);
    else if (field.type === 'number') config[field.key] = value.trim() === '' ? '' : Number(value);
    else config[field.key] = value;
  }
  return config;
}

function FieldInput({ kind, field, value, onChange }: { kind: string; field: ProviderField; value: string; onChange: (value: string) => void }) {
  const t = useT();
  const words = useProviderWords();
  const saved = field.secret && (value === HIDDEN || value.includes(`: ${HIDDEN}`));
  const label = field.required ? t('providers.required', { label: words.fieldLabel(kind, field) }) : words.fieldLabel(kind, field);
  const help = field.help ? <span className="hint">{words.fieldHelp(field)}</span> : null;
  if (field.type === 'select') {
    return (
      <label>
        {label}
        <select value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">{t('providers.defaultOption', { option: field.options?.[0] ?? '' })}</option>
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
          placeholder={saved ? t('providers.savedPaste') : field.type === 'headers' ? 'Authorization: Bearer …' : (field.placeholder ?? '')}
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
        placeholder={saved ? t('providers.savedKeep') : (field.placeholder ?? '')}
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
  const t = useT();
  const words = useProviderWords();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const config = configOf(draft, kind, t);
      const saved =
        draft.id === null
          ? await engine.call('providers/create', { name: draft.name, kind: kind.kind, channel: draft.channel as ProviderChannel, config })
          : await engine.call('providers/update', { id: draft.id, name: draft.name, config });
      onDone(t('providers.saved', { name: saved.name }));
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} aria-labelledby="provider-form-heading" className="card">
      <h2 id="provider-form-heading">{editing ? t('providers.editTitle', { name: editing.name }) : t('providers.addTitle')}</h2>
      <label>
        {t('providers.service')}
        <select value={draft.kind} disabled={editing !== null} onChange={(e) => setDraft({ ...draftOf(null, providerKind(e.target.value)!), name: draft.name })}>
          {PROVIDER_KINDS.map((k) => (
            <option key={k.kind} value={k.kind}>
              {words.kindLabel(k.kind)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('providers.channel')}
        <select value={draft.channel} disabled={editing !== null} onChange={(e) => setDraft({ ...draft, channel: e.target.value })}>
          {kind.channels.map((channel) => (
            <option key={channel} value={channel}>
              {channelLabel(channel)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('providers.name')}
        <input
          dir="auto"
          value={draft.name}
          required
          maxLength={120}
          onChange={(e) => setDraft({ ...draft, name: e.target.value })}
          placeholder={`${words.kindLabel(kind.kind).split(' (')[0]} ${channelLabel(draft.channel)}`}
        />
      </label>
      {kind.fields.map((field) => (
        <FieldInput
          key={field.key}
          kind={kind.kind}
          field={field}
          value={draft.values[field.key] ?? ''}
          onChange={(value) => setDraft({ ...draft, values: { ...draft.values, [field.key]: value } })}
        />
      ))}
      <p className="hint">{t('providers.statusBack', { text: words.statusBack(kind.kind) })}</p>
      <p className="hint">{t('providers.encrypted')}</p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary">
          {t('providers.save')}
        </button>
        <button type="button" onClick={() => onDone(null)}>
          {t('providers.cancel')}
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
  const t = useT();

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
      <h2 id="test-heading">{t('providers.testTitle', { name: provider.name })}</h2>
      {need !== 'none' && (
        <label>
          {t(`providers.address.${need}`)}
          <input value={address} required onChange={(e) => setAddress(e.target.value)} type={need === 'email' ? 'email' : 'text'} autoFocus />
        </label>
      )}
      {provider.channel === 'whatsapp' && (
        <label>
          {t('providers.approvedTemplate')}
          <input dir="auto" value={template} onChange={(e) => setTemplate(e.target.value)} placeholder={t(provider.kind === 'twilio' ? 'providers.contentSid' : 'providers.templateName')} />
        </label>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={sending}>
          {t(sending ? 'providers.sending' : 'providers.sendTest')}
        </button>
        <button type="button" onClick={onClose}>
          {t('providers.close')}
        </button>
      </div>
      {result && (
        <p role="status" className={result.status === 'sent' ? 'ok' : 'error'}>
          {result.status === 'sent'
            ? t(result.providerMessageId ? 'providers.sentWithId' : 'providers.sent', { id: result.providerMessageId ?? '', time: formatDateTime(result.at, timeZone) })
            : t(`providers.outcome.${result.status}`, { error: result.error })}
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
  const t = useT();
  const { confirm, dialog } = useConfirm();
  const words = useProviderWords();

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
      const rejected = result.rejected.map((r) => t('providers.rejectedRow', { row: r.row, field: r.field, message: r.message })).join('; ');
      return t('providers.imported', {
        file: file.name,
        recorded: result.recorded,
        known: result.seen - result.recorded - result.unmatched,
        unmatched: result.unmatched,
        rejected: rejected ? t('providers.rejected', { rows: rejected }) : '',
      });
    });

  if (editing) {
    return (
      <>
        <h1>{t('nav.providers')}</h1>
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
      {dialog}
      <h1>{t('nav.providers')}</h1>
      <p className="hint">{t('providers.intro')}</p>
      <div className="toolbar">
        <button type="button" className="primary" onClick={() => setEditing('new')}>
          {t('providers.add')}
        </button>
      </div>
      {message && <p role="status">{message}</p>}
      {testing && <TestPanel provider={testing} onClose={() => setTesting(null)} />}
      {providers && (
        <table className="data" aria-label={t('nav.providers')}>
          <caption>{t('providers.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('providers.name')}</th>
              <th scope="col">{t('providers.service')}</th>
              <th scope="col">{t('providers.channel')}</th>
              <th scope="col">{t('providers.default')}</th>
              <th scope="col">{t('providers.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {providers.map((p) => (
              <tr key={p.id}>
                <td>{p.name}</td>
                <td>{providerKind(p.kind) ? words.kindLabel(p.kind) : p.kind}</td>
                <td>{channelLabel(p.channel)}</td>
                <td>
                  {p.isDefault ? (
                    t('providers.default')
                  ) : (
                    <button
                      type="button"
                      onClick={() => void act(async () => t('providers.nowDefault', { name: (await engine.call('providers/update', { id: p.id, isDefault: true })).name, channel: p.channel }))}
                    >
                      {t('providers.makeDefault')}
                    </button>
                  )}
                </td>
                <td>
                  <div className="row-actions">
                    <button type="button" onClick={() => setTesting(p)} aria-label={t('providers.testThrough', { name: p.name })}>
                      {t('providers.sendTestShort')}
                    </button>
                    <button type="button" onClick={() => setEditing(p)} aria-label={t('providers.editName', { name: p.name })}>
                      {t('providers.edit')}
                    </button>
                    {providerKind(p.kind)?.pollable && (
                      <button
                        type="button"
                        onClick={() =>
                          void act(async () => {
                            const r = await engine.call('providers/poll', { id: p.id });
                            return t('providers.polled', { name: p.name, seen: r.seen, recorded: r.recorded });
                          })
                        }
                      >
                        {t('providers.checkStatuses')}
                      </button>
                    )}
                    {p.kind !== 'sandbox' && (
                      <label className="button-like">
                        {t('providers.importExport')}
                        <input
                          type="file"
                          accept=".csv,text/csv"
                          className="visually-hidden"
                          aria-label={t('providers.importFor', { name: p.name })}
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
                        aria-label={t('providers.deleteName', { name: p.name })}
                        onClick={async () => {
                          if (await confirm(t('providers.confirmDelete', { name: p.name }), t('providers.delete')))
                            void act(async () => (await engine.call('providers/delete', { id: p.id }), t('providers.deleted', { name: p.name })));
                        }}
                      >
                        {t('providers.delete')}
                      </button>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="hint">{t('providers.exportsHint', { numbers: providers?.map((p) => `${p.name}: ${p.id}`).join(', ') ?? '' })}</p>
    </>
  );
}
