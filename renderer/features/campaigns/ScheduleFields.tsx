import type { CampaignSchedule } from '../../../shared/domain/campaign';
import { TIME_ZONES } from '../../choices';
import { useT } from '../../i18n';
import { lastDays } from '../../../shared/domain/analytics';
import { useEngineClock } from '../analytics/use-analytics-period';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/** The campaign wizard's last step: when it runs, until when, in which zone, how fast. */
export function ScheduleFields({ schedule: s, onChange }: { schedule: CampaignSchedule; onChange(changes: Partial<CampaignSchedule>): void }) {
  const t = useT();
  // An end date to start from: a month after the engine's today (a simulation's too), in the campaign's zone.
  const { now } = useEngineClock();
  const lastDate = lastDays((now ?? Date.now()) + 30 * 86_400_000, s.timeZone, 1).to;
  return (
    <>
      <fieldset>
        <legend>{t('wizardCampaign.when')}</legend>
        {(['now', 'at', 'recurring'] as const).map((kind) => (
          <label key={kind} className="checkbox">
            <input type="radio" name="kind" checked={s.kind === kind} onChange={() => onChange({ kind })} /> {t(`wizardCampaign.kind.${kind}`)}
          </label>
        ))}
      </fieldset>
      {s.kind === 'at' && (
        <label>
          {t('wizardCampaign.dateTime', { zone: s.timeZone })}
          <input type="datetime-local" value={s.at} onChange={(e) => onChange({ at: e.target.value })} />
        </label>
      )}
      {s.kind === 'recurring' && (
        <div className="row">
          <select aria-label={t('inspector.repeat')} value={s.repeat} onChange={(e) => onChange({ repeat: e.target.value as typeof s.repeat })}>
            <option value="daily">{t('wizardCampaign.everyDay')}</option>
            <option value="weekly">{t('wizardCampaign.everyWeekOn')}</option>
            <option value="monthly">{t('wizardCampaign.everyMonthOn')}</option>
          </select>
          {s.repeat === 'weekly' &&
            WEEKDAYS.map((day) => (
              <label key={day} className="checkbox">
                <input
                  type="checkbox"
                  checked={s.weekdays.includes(day)}
                  onChange={(e) => onChange({ weekdays: e.target.checked ? [...s.weekdays, day].sort() : s.weekdays.filter((d) => d !== day) })}
                />{' '}
                {t(`describe.weekday.${day}`)}
              </label>
            ))}
          {s.repeat === 'monthly' && (
            <input aria-label={t('inspector.dayOfMonth')} type="number" min={1} max={28} value={s.dayOfMonth} onChange={(e) => onChange({ dayOfMonth: Number(e.target.value) })} />
          )}
          <label>
            {t('wizardCampaign.at')} <input aria-label={t('wizardCampaign.time')} type="time" value={s.time} onChange={(e) => onChange({ time: e.target.value })} />
          </label>
        </div>
      )}
      {s.kind === 'recurring' && (
        <fieldset>
          <legend>{t('wizardCampaign.ends')}</legend>
          <label className="checkbox">
            <input type="radio" name="ends" checked={s.ends.kind === 'never'} onChange={() => onChange({ ends: { kind: 'never' } })} /> {t('wizardCampaign.endsNever')}
          </label>
          <label className="checkbox">
            <input type="radio" name="ends" checked={s.ends.kind === 'on'} onChange={() => onChange({ ends: { kind: 'on', date: lastDate } })} /> {t('wizardCampaign.endsOn')}
            {s.ends.kind === 'on' && (
              <input
                type="date"
                aria-label={t('wizardCampaign.endDate', { zone: s.timeZone })}
                value={s.ends.date}
                onChange={(e) => e.target.value && onChange({ ends: { kind: 'on', date: e.target.value } })}
              />
            )}
          </label>
          <label className="checkbox">
            <input type="radio" name="ends" checked={s.ends.kind === 'after'} onChange={() => onChange({ ends: { kind: 'after', runs: 10 } })} /> {t('wizardCampaign.endsAfter')}
            {s.ends.kind === 'after' && (
              <input
                type="number"
                min={1}
                max={10000}
                aria-label={t('wizardCampaign.endRuns')}
                value={s.ends.runs}
                onChange={(e) => onChange({ ends: { kind: 'after', runs: Number(e.target.value) } })}
              />
            )}
          </label>
        </fieldset>
      )}
      <label>
        {t('wizardCampaign.timeZone')}
        <select value={s.timeZone} onChange={(e) => onChange({ timeZone: e.target.value })}>
          {TIME_ZONES.map((zone) => (
            <option key={zone}>{zone}</option>
          ))}
        </select>
      </label>
      {s.kind !== 'now' && (
        <label>
          {t('wizardCampaign.deliver')}
          <select aria-label={t('wizardCampaign.deliver')} value={s.delivery} onChange={(e) => onChange({ delivery: e.target.value as typeof s.delivery })}>
            <option value="campaign_zone">{t('wizardCampaign.campaignZone')}</option>
            <option value="customer_zone">{t('wizardCampaign.customerZone')}</option>
            <option value="best_hour">{t('wizardCampaign.bestHour')}</option>
          </select>
        </label>
      )}
      {s.kind !== 'now' && s.delivery !== 'campaign_zone' && (
        <label>
          {t('wizardCampaign.hourPassed')}
          <select aria-label={t('wizardCampaign.lateCustomers')} value={s.lateCustomers} onChange={(e) => onChange({ lateCustomers: e.target.value as typeof s.lateCustomers })}>
            <option value="next_day">{t('wizardCampaign.nextDay')}</option>
            <option value="now">{t('wizardCampaign.atOnce')}</option>
          </select>
        </label>
      )}
      <label>
        {t('wizardCampaign.throttle')}
        <input type="number" min={0} value={s.throttlePerMinute} onChange={(e) => onChange({ throttlePerMinute: Number(e.target.value) })} />
      </label>
    </>
  );
}
