import type { FlowSettings } from '../../../shared/domain/flow';
import { GroupEditor, type SegmentChoice } from '../audience/FilterEditor';
import { useT } from '../../i18n';

/** Flow-wide rules: who may enter again, who is kept out, what counts as a conversion, which global limits apply. */
export function FlowSettingsPanel(props: { settings: FlowSettings; segments: readonly SegmentChoice[]; onChange(settings: FlowSettings): void }) {
  const s = props.settings;
  const t = useT();
  const set = (patch: Partial<FlowSettings>) => props.onChange({ ...s, ...patch });
  return (
    <aside className="inspector" aria-label={t('flowSettings.label')}>
      <h2>{t('flowSettings.label')}</h2>
      <label className="inspector-field">
        <span>{t('flowSettings.timeZone')}</span>
        <input dir="auto" aria-label={t('flowSettings.flowTimeZone')} value={s.timeZone} onChange={(e) => set({ timeZone: e.target.value })} />
      </label>
      <label className="inspector-field">
        <span>{t('flowSettings.mayEnter')}</span>
        <select aria-label={t('flowSettings.entryRule')} value={s.entry.mode} onChange={(e) => set({ entry: { ...s.entry, mode: e.target.value as FlowSettings['entry']['mode'] } })}>
          <option value="once">{t('flowSettings.once')}</option>
          <option value="again_after">{t('flowSettings.againAfter')}</option>
          <option value="unlimited">{t('flowSettings.unlimited')}</option>
        </select>
      </label>
      {s.entry.mode === 'again_after' && (
        <label className="inspector-field">
          <span>{t('flowSettings.daysBefore')}</span>
          <input
            type="number"
            min={1}
            aria-label={t('flowSettings.daysBefore')}
            value={s.entry.againAfterDays}
            onChange={(e) => set({ entry: { ...s.entry, againAfterDays: Math.max(1, Math.trunc(Number(e.target.value))) } })}
          />
        </label>
      )}
      <div className="inspector-field">
        <span>{t('flowSettings.keepOut')}</span>
        <ul className="filter-tree">
          <GroupEditor group={s.exclusion} segments={props.segments} depth={0} onChange={(exclusion) => set({ exclusion })} />
        </ul>
      </div>
      <label className="inspector-field">
        <span>{t('flowSettings.conversionEvent')}</span>
        <input
          dir="auto"
          aria-label={t('flowSettings.conversionEvent')}
          list="flow-events"
          value={s.conversion.event}
          onChange={(e) => set({ conversion: { ...s.conversion, event: e.target.value } })}
        />
      </label>
      <label className="inspector-field">
        <span>{t('flowSettings.countsWithin')}</span>
        <input
          type="number"
          min={1}
          aria-label={t('flowSettings.window')}
          value={s.conversion.windowHours}
          onChange={(e) => set({ conversion: { ...s.conversion, windowHours: Math.max(1, Math.trunc(Number(e.target.value))) } })}
        />
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={s.quietHours} onChange={(e) => set({ quietHours: e.target.checked })} /> {t('flowSettings.quietHours')}
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={s.frequencyCaps} onChange={(e) => set({ frequencyCaps: e.target.checked })} /> {t('flowSettings.caps')}
      </label>
    </aside>
  );
}
