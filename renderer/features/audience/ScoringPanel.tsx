import { useEffect, useState, type FormEvent } from 'react';
import { REFERENCE_EVENTS } from '../../../shared/domain/event-columns';
import type { ScoringRule } from '../../../shared/domain/scoring';
import type { FilterGroup } from '../../../shared/domain/segment-filter';
import { engine } from '../../engine-client';
import { useSegments } from '../../stores/segments';
import { emptyFilter, GroupEditor } from './FilterEditor';

/** Lead-scoring rules: points per event, optionally only when a property passes a test. */
export function ScoringPanel() {
  const { rules, loadRules } = useSegments();
  const [message, setMessage] = useState<string | null>(null);
  const [attributeRule, setAttributeRule] = useState<{ name: string; points: number; condition: FilterGroup }>({
    name: '',
    points: 10,
    condition: emptyFilter(),
  });

  const saveAttributeRule = async () => {
    try {
      const rule = await engine.call('scoring/save', { kind: 'attribute', ...attributeRule });
      setMessage(`Saved "${rule.name}": customers who match it get the points once, as they are imported or updated.`);
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
      setMessage(`Saved "${saved.name}": ${saved.enabled ? `${saved.points > 0 ? '+' : ''}${saved.points} points from now on` : 'switched off'}.`);
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
      setMessage(`Saved "${rule.name}": it applies to events imported from now on.`);
      await loadRules();
    } catch (error) {
      setMessage((error as Error).message);
    }
  };

  return (
    <section aria-labelledby="scoring-heading">
      <h2 id="scoring-heading">Lead scoring</h2>
      <p className="hint">Points are given as events arrive. Score thresholds are segments (for example score ≥ 80: qualified).</p>
      <table className="errors-table" aria-label="Scoring rules">
        <thead>
          <tr>
            <th scope="col">Rule</th>
            <th scope="col">When</th>
            <th scope="col">Points</th>
            <th scope="col">On</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {rules.map((rule) => (
            <tr key={rule.id}>
              <td>{rule.name}</td>
              <td>{rule.kind === 'event' ? `${rule.event}${rule.where.map((w) => ` where ${w.property} ${w.operator} ${String(w.value ?? '')}`).join('')}` : 'customer matches a condition'}</td>
              <td>
                <input
                  type="number"
                  className="points-input"
                  aria-label={`Points of ${rule.name}`}
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
                <input type="checkbox" aria-label={`${rule.name} is on`} checked={rule.enabled} onChange={(e) => void updateRule(rule, { enabled: e.currentTarget.checked })} />
              </td>
              <td>
                <button type="button" onClick={() => void engine.call('scoring/delete', { id: rule.id }).then(loadRules)}>
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={(e) => void onSubmit(e)} className="row" aria-label="New scoring rule">
        <input dir="auto" name="name" placeholder="Rule name" aria-label="Rule name" required />
        <input dir="auto" name="event" list="scoring-events" placeholder="event" aria-label="Event" required />
        <datalist id="scoring-events">
          {REFERENCE_EVENTS.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
        <input dir="auto" name="property" placeholder="property (optional)" aria-label="Only when property" />
        <input name="minimum" type="number" placeholder="at least" aria-label="Property at least" />
        <input name="points" type="number" defaultValue={5} aria-label="Points" required />
        <button type="submit">Add rule</button>
      </form>
      <h3>Points for who a customer is</h3>
      <p className="hint">Given once per customer, when an import adds or changes them and they match (properties only).</p>
      <ul className="filter-tree">
        <GroupEditor group={attributeRule.condition} segments={[]} depth={0} propertiesOnly onChange={(condition) => setAttributeRule({ ...attributeRule, condition })} />
      </ul>
      <div className="row">
        <input dir="auto" aria-label="Attribute rule name" placeholder="Rule name" value={attributeRule.name} onChange={(e) => setAttributeRule({ ...attributeRule, name: e.target.value })} />
        <input aria-label="Attribute rule points" type="number" value={attributeRule.points} onChange={(e) => setAttributeRule({ ...attributeRule, points: Number(e.target.value) })} />
        <button type="button" disabled={attributeRule.name.trim() === '' || attributeRule.condition.conditions.length === 0} onClick={() => void saveAttributeRule()}>
          Add attribute rule
        </button>
      </div>
      {message && <p role="status">{message}</p>}
    </section>
  );
}
