import { useEffect, useState } from 'react';
import type { CustomerListRow } from '../../../shared/domain/customer';
import { REFERENCE_SCORE_SEGMENTS } from '../../../shared/domain/scoring';
import type { FilterGroup } from '../../../shared/domain/segment-filter';
import { engine } from '../../engine-client';
import { useEngineRead } from '../../engine-client/use-engine-read';
import { formatNumber } from '../../format';
import { useSegments } from '../../stores/segments';
import { useDescribeAddedMembers, useFieldLabel } from './field-labels';
import { useT } from '../../i18n';
import { emptyFilter, GroupEditor } from './FilterEditor';
import { Isolated } from './Isolated';

/** The segment builder: edit a filter, watch its count live, sample it, save it or freeze it. */
export function SegmentsPanel() {
  const { segments, counts, load } = useSegments();
  const t = useT();
  const fieldLabel = useFieldLabel();
  const describeAddedMembers = useDescribeAddedMembers();
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
      return t('segments.saved', { name: saved.name });
    });
  const freeze = () =>
    act(async () => {
      const list = await engine.call('segments/freeze', { name, target: { filter } });
      return t('segments.froze', { count: list.members, members: formatNumber(list.members), name: list.name });
    });

  return (
    <section aria-labelledby="segments-heading">
      <h2 id="segments-heading">{t('segments.heading')}</h2>
      <ul className="filter-tree">
        <GroupEditor group={filter} segments={segments.filter((s) => s.id !== editing)} depth={0} onChange={setFilter} />
      </ul>
      <div className="row" aria-live="polite">
        <strong data-testid="segment-count">
          {countError ? countError : count ? t('segments.count', { count: formatNumber(count.count), total: formatNumber(count.total) }) : t('segments.counting')}
        </strong>
        {count && !countError && <span className="hint">{t('segments.countedIn', { ms: count.durationMs })}</span>}
        <button type="button" onClick={() => void engine.call('segments/sample', { target: { filter }, limit: 20 }).then((r) => setSample(r.rows))}>
          {t('segments.showSample')}
        </button>
      </div>
      {sample?.length === 0 && (
        <p role="status" className="hint">
          {t('segments.sampleNone')}
        </p>
      )}
      {sample && sample.length > 0 && (
        <table className="errors-table" aria-label={t('segments.sample')}>
          <thead>
            <tr>
              <th scope="col">{fieldLabel('externalId')}</th>
              <th scope="col">{t('segments.name')}</th>
              <th scope="col">{fieldLabel('city')}</th>
              <th scope="col">{t('customers.score')}</th>
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
          {t('segments.name')} <input dir="auto" value={name} onChange={(e) => setName(e.target.value)} aria-label={t('segments.segmentName')} />
        </label>
        <button type="button" disabled={name.trim() === ''} onClick={() => void save()}>
          {t(editing === null ? 'segments.saveDynamic' : 'segments.saveChanges')}
        </button>
        <button type="button" disabled={name.trim() === ''} onClick={() => void freeze()}>
          {t('segments.freeze')}
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
            {t('segments.new')}
          </button>
        )}
      </div>
      {message && <p role="status">{message}</p>}

      <h3>{t('segments.savedHeading')}</h3>
      {segments.length === 0 ? (
        <div className="row">
          <p className="hint">{t('segments.none')}</p>
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
                return t('segments.createdThresholds');
              })
            }
          >
            {t('segments.createThresholds')}
          </button>
        </div>
      ) : (
        <table className="errors-table" aria-label={t('segments.savedSegments')}>
          <thead>
            <tr>
              <th scope="col">{t('segments.name')}</th>
              <th scope="col">{t('segments.kind')}</th>
              <th scope="col">{t('segments.customers')}</th>
              <th scope="col">{t('segments.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {segments.map((segment) => (
              <tr key={segment.id}>
                <td title={segment.description ?? undefined}>{segment.name}</td>
                <td>{t(`segments.kind.${segment.kind}`)}</td>
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
                      {t('segments.edit')}
                    </button>
                  ) : (
                    <>
                      <input
                        dir="auto"
                        aria-label={t('segments.idsToAdd', { name: segment.name })}
                        placeholder={t('segments.idsPlaceholder')}
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
                            return t('segments.idsResult', { result: describeAddedMembers(result) });
                          })
                        }
                      >
                        {t('segments.add')}
                      </button>
                      <label className="button-like">
                        {t('segments.fromCsv')}
                        <input
                          type="file"
                          accept=".csv,.txt,text/csv"
                          className="visually-hidden"
                          aria-label={t('segments.csvToAdd', { name: segment.name })}
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
                        return t('segments.deleted', { name: segment.name });
                      })
                    }
                  >
                    {t('segments.delete')}
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
