import { CUSTOMER_FILTER_FIELDS, type BehaviourCondition, type EventPropertyFilter, type FilterCondition, type FilterGroup, type PropertyCondition } from '../../../shared/domain/segment-filter';
import { REFERENCE_EVENTS } from '../../../shared/domain/event-columns';
import type { SegmentSummary } from '../../../shared/domain/segment';
import { useFieldLabel } from './field-labels';
import { useT } from '../../i18n';

/** A segment a condition can name: the editor needs only its id and name. */
export type SegmentChoice = Pick<SegmentSummary, 'id' | 'name'>;

/**
 * Edits the shared filter model: nested AND/OR groups of property, behaviour, segment and score
 * conditions. Every control is a native input, so the whole builder works from the keyboard.
 */
const DATE_FIELDS = new Set(['signupAt', 'createdAt']);
const CONSENT_FIELDS = new Set(['consent.email', 'consent.sms', 'consent.push', 'consent.whatsapp']);

const TEXT_OPERATORS = ['equals', 'not_equals', 'contains', 'not_contains', 'starts_with', 'in', 'not_in', 'is_set', 'is_not_set'] as const;
const NUMBER_OPERATORS = ['equals', 'not_equals', 'gt', 'gte', 'lt', 'lte', 'between', 'is_set', 'is_not_set'] as const;
const DATE_OPERATORS = ['before', 'after', 'within_last', 'more_than_ago', 'is_set', 'is_not_set'] as const;
/** An operator's label: the sentence word, with "is" where a label stands alone before a value (`filter.op.*`). */
function useOperatorLabel(): (op: string) => string {
  const t = useT();
  return (op) => t(`filter.op.${op}` as 'filter.op.equals');
}

export const emptyFilter = (): FilterGroup => ({ type: 'group', op: 'and', conditions: [] });

function defaultProperty(field: string): PropertyCondition {
  if (DATE_FIELDS.has(field)) return { type: 'property', field: field as 'signupAt', operator: 'within_last', value: { amount: 30, unit: 'days' } };
  if (CONSENT_FIELDS.has(field)) return { type: 'property', field: field as 'consent.email', operator: 'equals', value: true };
  return { type: 'property', field: field as 'city', operator: 'equals', value: '' };
}

function retargetProperty(condition: PropertyCondition, operator: string): PropertyCondition {
  const base = { type: 'property' as const, field: condition.field };
  switch (operator) {
    case 'is_set':
    case 'is_not_set':
      return { ...base, operator };
    case 'in':
    case 'not_in':
      return { ...base, operator, value: [] as string[] } as unknown as PropertyCondition;
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return { ...base, operator, value: 0 };
    case 'between':
      return { ...base, operator, value: [0, 10] };
    case 'before':
    case 'after':
      return { ...base, operator, value: new Date().toISOString().slice(0, 10) };
    case 'within_last':
    case 'more_than_ago':
      return { ...base, operator, value: { amount: 30, unit: 'days' } };
    default:
      return { ...base, operator: operator as 'equals', value: 'value' in condition && typeof condition.value === 'string' ? condition.value : '' };
  }
}

function PropertyEditor({ condition, onChange }: { condition: PropertyCondition; onChange(c: FilterCondition): void }) {
  const isAttribute = condition.field.startsWith('attributes.');
  const operators = DATE_FIELDS.has(condition.field)
    ? DATE_OPERATORS
    : isAttribute
      ? [...NUMBER_OPERATORS, 'contains', 'in']
      : CONSENT_FIELDS.has(condition.field)
        ? (['equals', 'is_set', 'is_not_set'] as const)
        : TEXT_OPERATORS;
  const value = 'value' in condition ? condition.value : undefined;
  const set = (next: unknown) => onChange({ ...condition, value: next } as PropertyCondition);
  const t = useT();
  const fieldLabel = useFieldLabel();
  const operatorLabel = useOperatorLabel();
  return (
    <>
      <select
        aria-label={t('filter.property')}
        value={isAttribute ? 'attribute' : condition.field}
        onChange={(e) => onChange(defaultProperty(e.target.value === 'attribute' ? 'attributes.' + 'tier' : e.target.value))}
      >
        {CUSTOMER_FILTER_FIELDS.map((f) => (
          <option key={f} value={f}>
            {fieldLabel(f)}
          </option>
        ))}
        <option value="attribute">{t('filter.customAttribute')}</option>
      </select>
      {isAttribute && (
        <input
          dir="auto"
          aria-label={t('filter.attributeName')}
          value={condition.field.slice('attributes.'.length)}
          onChange={(e) => onChange({ ...condition, field: `attributes.${e.target.value}` as PropertyCondition['field'] })}
          size={12}
        />
      )}
      <select aria-label={t('filter.operator')} value={condition.operator} onChange={(e) => onChange(retargetProperty(condition, e.target.value))}>
        {[...new Set(operators)].map((op) => (
          <option key={op} value={op}>
            {operatorLabel(op)}
          </option>
        ))}
      </select>
      {CONSENT_FIELDS.has(condition.field) && condition.operator === 'equals' ? (
        <select aria-label={t('filter.value')} value={String(value)} onChange={(e) => set(e.target.value === 'true')}>
          <option value="true">{t('filter.yes')}</option>
          <option value="false">{t('filter.no')}</option>
        </select>
      ) : condition.operator === 'in' || condition.operator === 'not_in' ? (
        <input
          dir="auto"
          aria-label={t('filter.values')}
          value={(value as string[]).join(', ')}
          onChange={(e) =>
            set(
              e.target.value
                .split(',')
                .map((v) => v.trim())
                .filter(Boolean),
            )
          }
        />
      ) : condition.operator === 'between' ? (
        <>
          <input aria-label={t('filter.from')} type="number" value={(value as [number, number])[0]} onChange={(e) => set([Number(e.target.value), (value as [number, number])[1]])} />
          {t('filter.and')}
          <input aria-label={t('filter.to')} type="number" value={(value as [number, number])[1]} onChange={(e) => set([(value as [number, number])[0], Number(e.target.value)])} />
        </>
      ) : condition.operator === 'within_last' || condition.operator === 'more_than_ago' ? (
        <>
          <input
            aria-label={t('filter.amount')}
            type="number"
            min={1}
            value={(value as { amount: number }).amount}
            onChange={(e) => set({ ...(value as object), amount: Math.max(1, Number(e.target.value)) })}
          />
          <select aria-label={t('filter.unit')} value={(value as { unit: string }).unit} onChange={(e) => set({ ...(value as object), unit: e.target.value })}>
            <option value="hours">{t('inspector.unit.hours')}</option>
            <option value="days">{t('inspector.unit.days')}</option>
            <option value="weeks">{t('inspector.unit.weeks')}</option>
          </select>
        </>
      ) : condition.operator === 'before' || condition.operator === 'after' ? (
        <input aria-label={t('filter.date')} type="date" value={String(value).slice(0, 10)} onChange={(e) => set(e.target.value)} />
      ) : condition.operator === 'is_set' || condition.operator === 'is_not_set' ? null : (
        <input
          aria-label={t('filter.value')}
          type={['gt', 'gte', 'lt', 'lte'].includes(condition.operator) ? 'number' : 'text'}
          value={String(value ?? '')}
          onChange={(e) => set(['gt', 'gte', 'lt', 'lte'].includes(condition.operator) ? Number(e.target.value) : e.target.value)}
        />
      )}
    </>
  );
}

function EventFilterEditor({ filter, onChange, onRemove }: { filter: EventPropertyFilter; onChange(f: EventPropertyFilter): void; onRemove(): void }) {
  const numeric = ['gt', 'gte', 'lt', 'lte'].includes(filter.operator);
  const t = useT();
  const operatorLabel = useOperatorLabel();
  return (
    <span className="event-filter">
      {t('filter.where')}
      <input dir="auto" aria-label={t('filter.eventProperty')} value={filter.property} size={10} onChange={(e) => onChange({ ...filter, property: e.target.value })} />
      <select aria-label={t('filter.eventPropertyOperator')} value={filter.operator} onChange={(e) => onChange({ ...filter, operator: e.target.value as EventPropertyFilter['operator'] })}>
        {['equals', 'not_equals', 'gt', 'gte', 'lt', 'lte', 'contains', 'is_set'].map((op) => (
          <option key={op} value={op}>
            {operatorLabel(op)}
          </option>
        ))}
      </select>
      {filter.operator !== 'is_set' && (
        <input
          aria-label={t('filter.eventPropertyValue')}
          type={numeric ? 'number' : 'text'}
          size={8}
          value={String(filter.value ?? '')}
          onChange={(e) => onChange({ ...filter, value: numeric ? Number(e.target.value) : e.target.value })}
        />
      )}
      <button type="button" onClick={onRemove} aria-label={t('filter.removeEventFilter')}>
        ✕
      </button>
    </span>
  );
}

function BehaviourEditor({ condition, onChange }: { condition: BehaviourCondition; onChange(c: FilterCondition): void }) {
  const window = condition.window;
  const t = useT();
  const setWindow = (kind: string) =>
    onChange({
      ...condition,
      window:
        kind === 'ever'
          ? { kind: 'ever' }
          : kind === 'last'
            ? { kind: 'last', amount: 3, unit: 'days' }
            : { kind: 'between', from: new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10), to: new Date().toISOString().slice(0, 10) },
    });
  return (
    <>
      {t('filter.hasExecuted')}
      <input dir="auto" aria-label={t('filter.eventName')} list="reference-events" value={condition.event} size={12} onChange={(e) => onChange({ ...condition, event: e.target.value })} />
      <select aria-label={t('filter.occurrence')} value={condition.occurrence} onChange={(e) => onChange({ ...condition, occurrence: e.target.value as BehaviourCondition['occurrence'] })}>
        <option value="at_least">{t('filter.atLeast')}</option>
        <option value="at_most">{t('filter.atMost')}</option>
        <option value="exactly">{t('filter.exactly')}</option>
      </select>
      <input aria-label={t('filter.times')} type="number" min={0} value={condition.count} size={4} onChange={(e) => onChange({ ...condition, count: Math.max(0, Number(e.target.value)) })} />
      {t('filter.timesWord')}
      <select aria-label={t('filter.when')} value={window.kind} onChange={(e) => setWindow(e.target.value)}>
        <option value="ever">{t('filter.ever')}</option>
        <option value="last">{t('filter.inTheLast')}</option>
        <option value="between">{t('filter.between')}</option>
      </select>
      {window.kind === 'last' && (
        <>
          <input
            aria-label={t('filter.windowAmount')}
            type="number"
            min={1}
            value={window.amount}
            size={4}
            onChange={(e) => onChange({ ...condition, window: { ...window, amount: Math.max(1, Number(e.target.value)) } })}
          />
          <select aria-label={t('filter.windowUnit')} value={window.unit} onChange={(e) => onChange({ ...condition, window: { ...window, unit: e.target.value as 'days' } })}>
            <option value="hours">{t('inspector.unit.hours')}</option>
            <option value="days">{t('inspector.unit.days')}</option>
            <option value="weeks">{t('inspector.unit.weeks')}</option>
          </select>
        </>
      )}
      {window.kind === 'between' && (
        <>
          <input aria-label={t('filter.fromDate')} type="date" value={window.from.slice(0, 10)} onChange={(e) => onChange({ ...condition, window: { ...window, from: e.target.value } })} />
          {t('filter.and')}
          <input aria-label={t('filter.toDate')} type="date" value={window.to.slice(0, 10)} onChange={(e) => onChange({ ...condition, window: { ...window, to: e.target.value } })} />
        </>
      )}
      {condition.where.map((filter, i) => (
        <EventFilterEditor
          key={i}
          filter={filter}
          onChange={(f) => onChange({ ...condition, where: condition.where.map((x, j) => (j === i ? f : x)) })}
          onRemove={() => onChange({ ...condition, where: condition.where.filter((_, j) => j !== i) })}
        />
      ))}
      <button type="button" onClick={() => onChange({ ...condition, where: [...condition.where, { property: 'amount', operator: 'gte', value: 0 }] })}>
        {t('filter.addPropertyFilter')}
      </button>
    </>
  );
}

function ConditionEditor(props: { condition: FilterCondition; segments: readonly SegmentChoice[]; depth: number; onChange(c: FilterCondition): void; onRemove(): void }) {
  const { condition, onChange } = props;
  const t = useT();
  const operatorLabel = useOperatorLabel();
  if (condition.type === 'group') return <GroupEditor {...props} group={condition} />;
  return (
    <li className="condition">
      {condition.type === 'property' && <PropertyEditor condition={condition} onChange={onChange} />}
      {condition.type === 'behaviour' && <BehaviourEditor condition={condition} onChange={onChange} />}
      {condition.type === 'score' && (
        <>
          {t('filter.score')}
          <select
            aria-label={t('filter.scoreOperator')}
            value={condition.operator}
            onChange={(e) =>
              onChange(
                e.target.value === 'between'
                  ? { type: 'score', operator: 'between', value: [0, 100] }
                  : { type: 'score', operator: e.target.value as 'gte', value: typeof condition.value === 'number' ? condition.value : 0 },
              )
            }
          >
            {['gte', 'gt', 'lte', 'lt', 'equals'].map((op) => (
              <option key={op} value={op}>
                {operatorLabel(op)}
              </option>
            ))}
          </select>
          {condition.operator !== 'between' && (
            <input aria-label={t('filter.scoreValue')} type="number" value={condition.value} onChange={(e) => onChange({ ...condition, value: Number(e.target.value) })} />
          )}
        </>
      )}
      {condition.type === 'segment' && (
        <>
          <select aria-label={t('filter.membership')} value={String(condition.member)} onChange={(e) => onChange({ ...condition, member: e.target.value === 'true' })}>
            <option value="true">{t('filter.isIn')}</option>
            <option value="false">{t('filter.isNotIn')}</option>
          </select>
          <select aria-label={t('filter.segment')} value={condition.segmentId} onChange={(e) => onChange({ ...condition, segmentId: Number(e.target.value) })}>
            {props.segments.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </>
      )}
      <button type="button" onClick={props.onRemove} aria-label={t('filter.removeCondition')}>
        ✕
      </button>
    </li>
  );
}

export function GroupEditor(props: {
  group: FilterGroup;
  segments: readonly SegmentChoice[];
  depth: number;
  onChange(c: FilterGroup): void;
  onRemove?: () => void;
  /** Offer only property and score conditions (attribute scoring rules). */
  propertiesOnly?: boolean;
}) {
  const { group, onChange, segments, depth } = props;
  const add = (condition: FilterCondition) => onChange({ ...group, conditions: [...group.conditions, condition] });
  const t = useT();
  return (
    <li className={depth === 0 ? 'group root' : 'group'}>
      <div className="group-head">
        {t('filter.customersMatching')}
        <select aria-label={t('filter.match')} value={group.op} onChange={(e) => onChange({ ...group, op: e.target.value as 'and' | 'or' })}>
          <option value="and">{t('filter.all')}</option>
          <option value="or">{t('filter.any')}</option>
        </select>
        {t('filter.ofTheseConditions')}
        {props.onRemove && (
          <button type="button" onClick={props.onRemove} aria-label={t('filter.removeGroup')}>
            ✕
          </button>
        )}
      </div>
      <ul>
        {group.conditions.map((condition, i) => (
          <ConditionEditor
            key={i}
            condition={condition}
            segments={segments}
            depth={depth + 1}
            onChange={(c) => onChange({ ...group, conditions: group.conditions.map((x, j) => (j === i ? c : x)) })}
            onRemove={() => onChange({ ...group, conditions: group.conditions.filter((_, j) => j !== i) })}
          />
        ))}
      </ul>
      <div className="row">
        <button type="button" onClick={() => add(defaultProperty('city'))}>
          {t('filter.addProperty')}
        </button>
        {!props.propertiesOnly && (
          <button type="button" onClick={() => add({ type: 'behaviour', event: 'add_to_cart', occurrence: 'at_least', count: 1, window: { kind: 'last', amount: 3, unit: 'days' }, where: [] })}>
            {t('filter.addBehaviour')}
          </button>
        )}
        <button type="button" onClick={() => add({ type: 'score', operator: 'gte', value: 80 })}>
          {t('filter.addScore')}
        </button>
        {segments.length > 0 && !props.propertiesOnly && (
          <button type="button" onClick={() => add({ type: 'segment', segmentId: segments[0]!.id, member: true })}>
            {t('filter.addSegment')}
          </button>
        )}
        {depth < 4 && !props.propertiesOnly && (
          <button type="button" onClick={() => add({ type: 'group', op: group.op === 'and' ? 'or' : 'and', conditions: [] })}>
            {t('filter.addGroup')}
          </button>
        )}
      </div>
      {depth === 0 && (
        <datalist id="reference-events">
          {REFERENCE_EVENTS.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
      )}
    </li>
  );
}
