import type { FlowSettings } from '../../../shared/domain/flow';
import { GroupEditor, type SegmentChoice } from '../audience/FilterEditor';

/** Flow-wide rules: who may enter again, who is kept out, what counts as a conversion, which global limits apply. */
export function FlowSettingsPanel(props: { settings: FlowSettings; segments: readonly SegmentChoice[]; onChange(settings: FlowSettings): void }) {
  const s = props.settings;
  const set = (patch: Partial<FlowSettings>) => props.onChange({ ...s, ...patch });
  return (
    <aside className="inspector" aria-label="Flow settings">
      <h2>Flow settings</h2>
      <label className="inspector-field">
        <span>Time zone</span>
        <input dir="auto" aria-label="Flow time zone" value={s.timeZone} onChange={(e) => set({ timeZone: e.target.value })} />
      </label>
      <label className="inspector-field">
        <span>A customer may enter</span>
        <select aria-label="Entry rule" value={s.entry.mode} onChange={(e) => set({ entry: { ...s.entry, mode: e.target.value as FlowSettings['entry']['mode'] } })}>
          <option value="once">once ever</option>
          <option value="again_after">again after some days</option>
          <option value="unlimited">every time the trigger fires</option>
        </select>
      </label>
      {s.entry.mode === 'again_after' && (
        <label className="inspector-field">
          <span>Days before entering again</span>
          <input
            type="number"
            min={1}
            aria-label="Days before entering again"
            value={s.entry.againAfterDays}
            onChange={(e) => set({ entry: { ...s.entry, againAfterDays: Math.max(1, Math.trunc(Number(e.target.value))) } })}
          />
        </label>
      )}
      <div className="inspector-field">
        <span>Keep out customers who match (no conditions: nobody)</span>
        <ul className="filter-tree">
          <GroupEditor group={s.exclusion} segments={props.segments} depth={0} onChange={(exclusion) => set({ exclusion })} />
        </ul>
      </div>
      <label className="inspector-field">
        <span>Conversion event</span>
        <input dir="auto" aria-label="Conversion event" list="flow-events" value={s.conversion.event} onChange={(e) => set({ conversion: { ...s.conversion, event: e.target.value } })} />
      </label>
      <label className="inspector-field">
        <span>Counts within (hours after a message)</span>
        <input
          type="number"
          min={1}
          aria-label="Attribution window in hours"
          value={s.conversion.windowHours}
          onChange={(e) => set({ conversion: { ...s.conversion, windowHours: Math.max(1, Math.trunc(Number(e.target.value))) } })}
        />
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={s.quietHours} onChange={(e) => set({ quietHours: e.target.checked })} /> Respect quiet hours (Settings)
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={s.frequencyCaps} onChange={(e) => set({ frequencyCaps: e.target.checked })} /> Respect frequency caps (Settings)
      </label>
    </aside>
  );
}
