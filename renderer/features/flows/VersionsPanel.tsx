import { useState } from 'react';
import type { FlowDetail } from '../../../shared/domain/flow-summary';
import { engine } from '../../engine-client';
import { formatDateTime } from '../../format';
import { useWorkspace } from '../../stores/workspace';

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
  const timeZone = useWorkspace((s) => s.settings?.timeZone ?? 'UTC');
  const [from, setFrom] = useState<Side>(detail.versions[0]?.version ?? 'draft');
  const [to, setTo] = useState<Side>('draft');
  const [lines, setLines] = useState<string[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const options = [{ value: 'draft', label: props.dirty ? 'Saved draft' : 'Draft' }, ...detail.versions.map((v) => ({ value: String(v.version), label: `Version ${v.version}` }))];

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
    <aside className="inspector" aria-label="Versions">
      <h2>Versions</h2>
      {detail.versions.length === 0 && <p className="hint">Not published yet. Each publish keeps an unchangeable version here.</p>}
      <ul className="versions">
        {detail.versions.map((v) => (
          <li key={v.version}>
            <strong>Version {v.version}</strong>
            {v.version === detail.version ? ' (current)' : ''} · {formatDateTime(v.publishedAt, timeZone)} · {v.steps} steps · customers inside{' '}
            {v.entrants === 'stay' ? 'stayed on the version before' : 'moved to it'}
            <button type="button" onClick={() => void restore(v.version)} disabled={props.dirty} title={props.dirty ? 'Save or undo your changes first' : 'Make this version the draft again'}>
              Restore v{v.version}
            </button>
          </li>
        ))}
      </ul>
      {detail.versions.length > 0 && (
        <div className="row">
          <SideSelect label="From" ariaLabel="Compare from" value={from} options={options} onChange={setFrom} />
          <SideSelect label="to" ariaLabel="Compare to" value={to} options={options} onChange={setTo} />
          <button type="button" onClick={() => void compare()}>
            Compare
          </button>
        </div>
      )}
      {lines && (
        <ul aria-label="Differences" className="diff">
          {lines.length === 0 ? <li>No differences.</li> : lines.map((line, i) => <li key={i}>{line}</li>)}
        </ul>
      )}
      {problem && <p role="alert">{problem}</p>}
    </aside>
  );
}
