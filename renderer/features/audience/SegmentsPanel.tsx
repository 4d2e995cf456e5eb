import { useEffect, useState } from 'react';
import type { CustomerListRow } from '../../../shared/domain/customer';
import { REFERENCE_SCORE_SEGMENTS } from '../../../shared/domain/scoring';
import type { FilterGroup } from '../../../shared/domain/segment-filter';
import { engine } from '../../engine-client';
import { useEngineRead } from '../../engine-client/use-engine-read';
import { formatNumber } from '../../format';
import { useSegments } from '../../stores/segments';
import { describeAddedMembers } from './field-labels';
import { emptyFilter, GroupEditor } from './FilterEditor';
import { Isolated } from './Isolated';

/** The segment builder: edit a filter, watch its count live, sample it, save it or freeze it. */
export function SegmentsPanel() {
  const { segments, counts, load } = useSegments();
  const [filter, setFilter] = useState<FilterGroup>(emptyFilter);
  const [editing, setEditing] = useState<number | null>(null);
  const [name, setName] = useState('');
  // A live count, a moment after the last change; the last count stays while the next one runs.
  const countRead = useEngineRead('segments/count', { filter }, [], { keepWhileReading: true, delayMs: 250 });
  const count = countRead.value;
  const countError = countRead.error;
  const [sample, setSample] = useState<CustomerListRow[] | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [listIds, setListIds] = useState<Record<number, string>>({});

  useEffect(() => {
    void load();
  }, [load]);

  // A sample belongs to the filter it was drawn from.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the filter is the trigger, not a value read here
  useEffect(() => setSample(null), [filter]);

  const act = async (work: () => Promise<string>) => {
    try {
      setMessage(await work());
      await load();
    } catch (error) {
      setMessage((error as Error).message);
    }
  };

  const save = () =>
    act(async () => {
      const saved = await engine.call('segments/save', { ...(editing === null ? {} : { id: editing }), name, kind: 'dynamic', filter });
      setEditing(saved.id);
      return `Saved the dynamic segment "${saved.name}".`;
    });
  const freeze = () =>
    act(async () => {
      const list = await engine.call('segments/freeze', { name, target: { filter } });
      return `Froze ${formatNumber(list.members)} customers into the static list "${list.name}".`;
    });

  return (
    <section aria-labelledby="segments-heading">
      <h2 id="segments-heading">Segments</h2>
      <ul className="filter-tree">
        <GroupEditor group={filter} segments={segments.filter((s) => s.id !== editing)} depth={0} onChange={setFilter} />
      </ul>
      <div className="row" aria-live="polite">
        <strong data-testid="segment-count">{countError ? countError : count ? `${formatNumber(count.count)} of ${formatNumber(count.total)} customers` : 'Counting…'}</strong>
        {count && !countError && <span className="hint">counted in {count.durationMs} ms</span>}
        <button type="button" onClick={() => void engine.call('segments/sample', { target: { filter }, limit: 20 }).then((r) => setSample(r.rows))}>
          Show a sample
        </button>
      </div>
      {sample && (
        <table className="errors-table" aria-label="Sample of matching customers">
          <thead>
            <tr>
              <th scope="col">External id</th>
              <th scope="col">Name</th>
              <th scope="col">City</th>
              <th scope="col">Score</th>
            </tr>
          </thead>
          <tbody>
            {sample.map((row) => (
              <tr key={row.externalId}>
                <td>{row.externalId}</td>
                <td>
                  <Isolated text={[row.firstName, row.lastName].filter(Boolean).join(' ')} />
                </td>
                <td>{row.city}</td>
                <td>{row.score}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="row">
        <label>
          Name <input dir="auto" value={name} onChange={(e) => setName(e.target.value)} aria-label="Segment name" />
        </label>
        <button type="button" disabled={name.trim() === ''} onClick={() => void save()}>
          {editing === null ? 'Save as dynamic segment' : 'Save changes'}
        </button>
        <button type="button" disabled={name.trim() === ''} onClick={() => void freeze()}>
          Freeze as static list
        </button>
        {editing !== null && (
          <button
            type="button"
            onClick={() => {
              setEditing(null);
              setName('');
              setFilter(emptyFilter());
            }}
          >
            New segment
          </button>
        )}
      </div>
      {message && <p role="status">{message}</p>}

      <h3>Saved</h3>
      {segments.length === 0 ? (
        <div className="row">
          <p className="hint">No segments yet. Build one above, or start from the reference score thresholds.</p>
          <button
            type="button"
            onClick={() =>
              void act(async () => {
                for (const preset of REFERENCE_SCORE_SEGMENTS) {
                  await engine.call('segments/save', {
                    name: preset.name,
                    description: preset.description,
                    kind: 'dynamic',
                    filter: { type: 'group', op: 'and', conditions: [{ type: 'score', operator: preset.operator, value: preset.value }] },
                  });
                }
                return 'Created the score threshold segments.';
              })
            }
          >
            Create score threshold segments
          </button>
        </div>
      ) : (
        <table className="errors-table" aria-label="Saved segments">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Kind</th>
              <th scope="col">Customers</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {segments.map((segment) => (
              <tr key={segment.id}>
                <td title={segment.description ?? undefined}>{segment.name}</td>
                <td>{segment.kind}</td>
                <td>{typeof counts[segment.id] === 'number' ? formatNumber(counts[segment.id] as number) : (counts[segment.id] ?? '…')}</td>
                <td className="row">
                  {segment.kind === 'dynamic' && segment.filter ? (
                    <button
                      type="button"
                      onClick={() => {
                        setEditing(segment.id);
                        setName(segment.name);
                        setFilter(segment.filter!);
                      }}
                    >
                      Edit
                    </button>
                  ) : (
                    <>
                      <input
                        dir="auto"
                        aria-label={`External ids to add to ${segment.name}`}
                        placeholder="ids, comma or line separated"
                        value={listIds[segment.id] ?? ''}
                        onChange={(e) => setListIds({ ...listIds, [segment.id]: e.target.value })}
                      />
                      <button
                        type="button"
                        onClick={() =>
                          void act(async () => {
                            const ids = (listIds[segment.id] ?? '').split(/[\s,;]+/).filter(Boolean);
                            const result = await engine.call('segments/add-members', { segmentId: segment.id, externalIds: ids });
                            setListIds({ ...listIds, [segment.id]: '' });
                            return `Ids: ${describeAddedMembers(result)}`;
                          })
                        }
                      >
                        Add
                      </button>
                      <label className="button-like">
                        From a CSV of ids…
                        <input
                          type="file"
                          accept=".csv,.txt,text/csv"
                          className="visually-hidden"
                          aria-label={`CSV of ids to add to ${segment.name}`}
                          onChange={(e) => {
                            const file = e.target.files?.[0];
                            e.target.value = '';
                            if (!file) return;
                            void act(async () => {
                              const { uploadId } = await engine.upload(file, file.name);
                              const result = await engine.call('segments/add-members', { segmentId: segment.id, uploadId });
                              return `${file.name}: ${describeAddedMembers(result)}`;
                            });
                          }}
                        />
                      </label>
                    </>
                  )}
                  <button
                    type="button"
                    onClick={() =>
                      void act(async () => {
                        await engine.call('segments/delete', { id: segment.id });
                        return `Deleted "${segment.name}".`;
                      })
                    }
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
