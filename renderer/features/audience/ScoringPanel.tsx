import { useEffect, useState, type FormEvent } from 'react';
import { REFERENCE_EVENTS } from '../../../shared/domain/event-columns';
import type { ScoringRule } from '../../../shared/domain/scoring';
import type { FilterGroup } from '../../../shared/domain/segment-filter';
import { engine } from '../../engine-client';
import { useSegments } from '../../stores/segments';
import { emptyFilter, GroupEditor } from './FilterEditor';
import { useT } from '../../i18n';
import { describeEventFilters } from '../../../shared/domain/flow-describe';
import { useDescribeWords } from '../../i18n/words';

/** Lead-scoring rules: points per event, optionally only when a property passes a test. */
export function ScoringPanel() {
  const { rules, loadRules } = useSegments();
  const t = useT();
  const words = useDescribeWords();
  const [message, setMessage] = useState<string | null>(null);
  const [attributeRule, setAttributeRule] = useState<{ name: string; points: number; condition: FilterGroup }>({
    name: '',
    points: 10,
    condition: emptyFilter(),
  });

  const saveAttributeRule = async () => {
    try {
      const rule = await engine.call('scoring/save', { kind: 'attribute', ...attributeRule });
      setMessage(t('scoring.savedAttribute', { name: rule.name }));
      setAttributeRule({ name: '', points: 10, condition: emptyFilter() });
      await loadRules();
    } catch (error) {
      setMessage((error as Error).message);
    }
  };

  useEffect(() => {
    void loadRules();
  }, [loadRules]);

  /** Saves a rule with changed points or switched on/off; the rest of it stays as it was. */
  const updateRule = async (rule: ScoringRule, change: { points?: number; enabled?: boolean }) => {
    try {
      const { id, name, points, enabled } = { ...rule, ...change };
      const saved = await engine.call(
        'scoring/save',
        rule.kind === 'event' ? { id, name, points, enabled, kind: 'event', event: rule.event, where: rule.where } : { id, name, points, enabled, kind: 'attribute', condition: rule.condition },
      );
      setMessage(saved.enabled ? t('scoring.savedPoints', { name: saved.name, points: `${saved.points > 0 ? '+' : ''}${saved.points}` }) : t('scoring.savedOff', { name: saved.name }));
    } catch (error) {
      setMessage((error as Error).message);
    }
    await loadRules();
  };

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const property = String(form.get('property') ?? '').trim();
    try {
      const rule = await engine.call('scoring/save', {
        name: String(form.get('name')),
        kind: 'event',
        event: String(form.get('event')),
        points: Number(form.get('points')),
        where: property ? [{ property, operator: 'gte', value: Number(form.get('minimum')) }] : [],
      });
      setMessage(t('scoring.savedEvent', { name: rule.name }));
      await loadRules();
    } catch (error) {
      setMessage((error as Error).message);
    }
  };

  return (
    <section aria-labelledby="scoring-heading">
      <h2 id="scoring-heading">{t('scoring.heading')}</h2>
      <p className="hint">{t('scoring.hint')}</p>
      <table className="errors-table" aria-label={t('scoring.rules')}>
        <thead>
          <tr>
            <th scope="col">{t('scoring.rule')}</th>
            <th scope="col">{t('scoring.when')}</th>
            <th scope="col">{t('scoring.points')}</th>
            <th scope="col">{t('scoring.on')}</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {rules.map((rule) => (
            <tr key={rule.id}>
              <td>{rule.name}</td>
              <td>{rule.kind === 'event' ? `${rule.event}${describeEventFilters(rule.where, words)}` : t('scoring.matchesCondition')}</td>
              <td>
                <input
                  type="number"
                  className="points-input"
                  aria-label={t('scoring.pointsOf', { name: rule.name })}
                  defaultValue={rule.points}
                  key={`${rule.id}:${rule.points}`}
                  onBlur={(e) => {
                    const points = Number(e.currentTarget.value);
                    if (Number.isInteger(points) && points !== rule.points) void updateRule(rule, { points });
                  }}
                  onKeyDown={(e) => e.key === 'Enter' && e.currentTarget.blur()}
                />
              </td>
              <td>
                <input type="checkbox" aria-label={t('scoring.isOn', { name: rule.name })} checked={rule.enabled} onChange={(e) => void updateRule(rule, { enabled: e.currentTarget.checked })} />
              </td>
              <td>
                <button type="button" onClick={() => void engine.call('scoring/delete', { id: rule.id }).then(loadRules)}>
                  {t('scoring.delete')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={(e) => void onSubmit(e)} className="row" aria-label={t('scoring.newRule')}>
        <input dir="auto" name="name" placeholder={t('scoring.ruleName')} aria-label={t('scoring.ruleName')} required />
        <input dir="auto" name="event" list="scoring-events" placeholder={t('scoring.eventPlaceholder')} aria-label={t('scoring.event')} required />
        <datalist id="scoring-events">
          {REFERENCE_EVENTS.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
        <input dir="auto" name="property" placeholder={t('scoring.propertyPlaceholder')} aria-label={t('scoring.onlyWhen')} />
        <input name="minimum" type="number" placeholder={t('scoring.atLeastPlaceholder')} aria-label={t('scoring.propertyAtLeast')} />
        <input name="points" type="number" defaultValue={5} aria-label={t('scoring.points')} required />
        <button type="submit">{t('scoring.addRule')}</button>
      </form>
      <h3>{t('scoring.attributeHeading')}</h3>
      <p className="hint">{t('scoring.attributeHint')}</p>
      <ul className="filter-tree">
        <GroupEditor group={attributeRule.condition} segments={[]} depth={0} propertiesOnly onChange={(condition) => setAttributeRule({ ...attributeRule, condition })} />
      </ul>
      <div className="row">
        <input
          dir="auto"
          aria-label={t('scoring.attributeRuleName')}
          placeholder={t('scoring.ruleName')}
          value={attributeRule.name}
          onChange={(e) => setAttributeRule({ ...attributeRule, name: e.target.value })}
        />
        <input aria-label={t('scoring.attributeRulePoints')} type="number" value={attributeRule.points} onChange={(e) => setAttributeRule({ ...attributeRule, points: Number(e.target.value) })} />
        <button type="button" disabled={attributeRule.name.trim() === '' || attributeRule.condition.conditions.length === 0} onClick={() => void saveAttributeRule()}>
          {t('scoring.addAttributeRule')}
        </button>
      </div>
      {message && <p role="status">{message}</p>}
    </section>
  );
}
