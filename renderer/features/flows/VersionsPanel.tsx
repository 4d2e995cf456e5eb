import { useState } from 'react';
import type { FlowDetail } from '../../../shared/domain/flow-summary';
import { engine } from '../../engine-client';
import { formatDateTime } from '../../format';
import { useWorkspace } from '../../stores/workspace';
import { useT } from '../../i18n';

type Side = number | 'draft';

/** One end of a comparison: the draft or a version number. */
function SideSelect(props: { label: string; ariaLabel: string; value: Side; options: { value: string; label: string }[]; onChange(side: Side): void }) {
  return (
    <label>
      {props.label}{' '}
      <select aria-label={props.ariaLabel} value={String(props.value)} onChange={(e) => props.onChange(e.target.value === 'draft' ? 'draft' : Number(e.target.value))}>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Published versions: when, what happened to customers inside, a diff between any two, restore. */
export function VersionsPanel(props: { detail: FlowDetail; dirty: boolean; onRestored(detail: FlowDetail, version: number): void }) {
  const { detail } = props;
  const t = useT();
  const timeZone = useWorkspace((s) => s.settings?.timeZone ?? 'UTC');
  const [from, setFrom] = useState<Side>(detail.versions[0]?.version ?? 'draft');
  const [to, setTo] = useState<Side>('draft');
  const [lines, setLines] = useState<string[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const options = [
    { value: 'draft', label: t(props.dirty ? 'versions.savedDraft' : 'versions.draft') },
    ...detail.versions.map((v) => ({ value: String(v.version), label: t('versions.version', { version: v.version }) })),
  ];

  const compare = async () => {
    setProblem(null);
    try {
      setLines((await engine.call('flows/diff', { id: detail.id, from, to })).lines);
    } catch (error) {
      setProblem((error as Error).message);
    }
  };
  const restore = async (version: number) => {
    try {
      props.onRestored(await engine.call('flows/restore', { id: detail.id, version }), version);
    } catch (error) {
      setProblem((error as Error).message);
    }
  };

  return (
    <aside className="inspector" aria-label={t('versions.label')}>
      <h2>{t('versions.label')}</h2>
      {detail.versions.length === 0 && <p className="hint">{t('versions.none')}</p>}
      <ul className="versions">
        {detail.versions.map((v) => (
          <li key={v.version}>
            <strong>{t('versions.version', { version: v.version })}</strong>
            {v.version === detail.version ? t('versions.current') : ''} · {formatDateTime(v.publishedAt, timeZone)} · {t('versions.steps', { count: v.steps })} ·{' '}
            {t(v.entrants === 'stay' ? 'versions.stayed' : 'versions.moved')}
            <button type="button" onClick={() => void restore(v.version)} disabled={props.dirty} title={t(props.dirty ? 'versions.saveFirst' : 'versions.restoreHint')}>
              {t('versions.restore', { version: v.version })}
            </button>
          </li>
        ))}
      </ul>
      {detail.versions.length > 0 && (
        <div className="row">
          <SideSelect label={t('versions.from')} ariaLabel={t('versions.compareFrom')} value={from} options={options} onChange={setFrom} />
          <SideSelect label={t('versions.to')} ariaLabel={t('versions.compareTo')} value={to} options={options} onChange={setTo} />
          <button type="button" onClick={() => void compare()}>
            {t('versions.compare')}
          </button>
        </div>
      )}
      {lines && (
        <ul aria-label={t('versions.differences')} className="diff">
          {lines.length === 0 ? <li>{t('versions.noDifferences')}</li> : lines.map((line, i) => <li key={i}>{line}</li>)}
        </ul>
      )}
      {problem && <p role="alert">{problem}</p>}
    </aside>
  );
}
