import { spanToText, type FlowNode } from './flow';
import type { EventPropertyFilter, FilterCondition } from './segment-filter';

/** Names of things a flow refers to by id, for words on screen; unknown ids read as "#id". */
export interface NameLookup {
  segmentName?(id: number): string | undefined;
  providerName?(id: number): string | undefined;
}

/** Filter operators in words, as sentences use them (the filter editor reuses them as its labels). */
export const OPERATOR_WORDS: Record<string, string> = {
  equals: 'is',
  not_equals: 'is not',
  contains: 'contains',
  not_contains: 'does not contain',
  starts_with: 'starts with',
  in: 'is one of',
  not_in: 'is none of',
  gt: '>',
  gte: '≥',
  lt: '<',
  lte: '≤',
  between: 'between',
  is_set: 'is set',
  is_not_set: 'is not set',
  before: 'before',
  after: 'after',
  within_last: 'within the last',
  more_than_ago: 'more than',
};

const fieldWords = (field: string) => (field.startsWith('attributes.') ? field.slice('attributes.'.length) : field);

function valueWords(value: unknown): string {
  if (Array.isArray(value)) return value.map(valueWords).join(', ');
  if (value && typeof value === 'object' && 'amount' in value && 'unit' in value) {
    return spanToText(value as { amount: number; unit: 'days' });
  }
  return typeof value === 'string' ? `"${value}"` : String(value);
}

export function describeEventFilters(where: readonly EventPropertyFilter[]): string {
  return where.map((w) => ` with ${w.property} ${OPERATOR_WORDS[w.operator] ?? w.operator}${w.value === undefined ? '' : ` ${valueWords(w.value)}`}`).join('');
}

/** A filter in words: "city is "Oran" and did add_to_cart at least 1 time in the last 3 days". */
export function describeFilter(condition: FilterCondition, names: NameLookup = {}): string {
  switch (condition.type) {
    case 'group': {
      if (condition.conditions.length === 0) return condition.op === 'and' ? 'everyone' : 'nobody';
      const parts = condition.conditions.map((c) => (c.type === 'group' && c.conditions.length > 1 ? `(${describeFilter(c, names)})` : describeFilter(c, names)));
      return parts.join(condition.op === 'and' ? ' and ' : ' or ');
    }
    case 'property': {
      const value = 'value' in condition ? ` ${valueWords(condition.value)}` : '';
      const ago = condition.operator === 'more_than_ago' ? ' ago' : '';
      return `${fieldWords(condition.field)} ${OPERATOR_WORDS[condition.operator]}${value}${ago}`;
    }
    case 'behaviour': {
      const window =
        condition.window.kind === 'ever'
          ? ''
          : condition.window.kind === 'last'
            ? ` in the last ${spanToText(condition.window as { amount: number; unit: 'days' })}`
            : ` between ${condition.window.from} and ${condition.window.to}`;
      if (condition.occurrence !== 'at_least' && condition.count === 0) {
        return `has not done ${condition.event}${describeEventFilters(condition.where)}${window}`;
      }
      const how = { at_least: 'at least', at_most: 'at most', exactly: 'exactly' }[condition.occurrence];
      return `did ${condition.event}${describeEventFilters(condition.where)} ${how} ${condition.count} time${condition.count === 1 ? '' : 's'}${window}`;
    }
    case 'segment': {
      const name = names.segmentName?.(condition.segmentId) ?? `#${condition.segmentId}`;
      return `${condition.member ? 'in' : 'not in'} segment "${name}"`;
    }
    case 'score':
      return `score ${OPERATOR_WORDS[condition.operator]} ${valueWords(condition.value)}`;
  }
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const weekdayWords = (days: readonly number[]) => (days.length === 0 || days.length === 7 ? 'any day' : days.map((d) => WEEKDAYS[d - 1]).join(', '));

/** What a node does, in one line, as the canvas shows it and as version diffs name it. */
export function describeNode(node: FlowNode, names: NameLookup = {}): string {
  switch (node.type) {
    case 'trigger_event':
      return node.data.event ? `When ${node.data.event}${describeEventFilters(node.data.where)} happens${node.data.key ? ` (keyed by ${node.data.key})` : ''}` : 'When an event happens (choose one)';
    case 'trigger_segment':
      return `When a customer starts to match: ${describeFilter(node.data.filter, names)}`;
    case 'trigger_schedule': {
      const zone = node.data.zone === 'customer' ? "customer's time zone" : 'flow time zone';
      const audience = node.data.audience.conditions.length ? `, for ${describeFilter(node.data.audience, names)}` : ', for everyone';
      if (node.data.repeat === 'once') return `Once at ${node.data.at || '(date not set)'}, ${zone}${audience}`;
      if (node.data.repeat === 'daily') return `Every day at ${node.data.time}, ${zone}${audience}`;
      if (node.data.repeat === 'weekly') return `Every week on ${weekdayWords(node.data.weekdays)} at ${node.data.time}, ${zone}${audience}`;
      return `Every month on day ${node.data.dayOfMonth} at ${node.data.time}, ${zone}${audience}`;
    }
    case 'trigger_date':
      return `${spanToText(node.data.offset)} ${node.data.direction} ${fieldWords(node.data.field) || '(date field not set)'}, at ${node.data.time}`;
    case 'condition':
      return node.data.mode === 'filter'
        ? `If ${describeFilter(node.data.filter, names)}`
        : `If the customer ${node.data.engagement === 'delivered' ? 'received' : node.data.engagement} ${node.data.sendNodeId ? `message ${node.data.sendNodeId}` : '(choose a send step)'}`;
    case 'split_audience':
      return node.data.paths.map((p) => `${p.label || p.id}: ${describeFilter(p.filter, names)}`).join('; ') + '; else everyone else';
    case 'split_random':
      return [...node.data.variants.map((v) => `${v.label || v.id} ${v.percent}%`), ...(node.data.controlPercent > 0 ? [`control ${node.data.controlPercent}%`] : [])].join(' / ');
    case 'wait_delay':
      return `Wait ${spanToText(node.data.delay)}`;
    case 'wait_until':
      return `Wait until ${node.data.time} on ${weekdayWords(node.data.weekdays)}, customer's time zone`;
    case 'wait_event':
      return `Wait up to ${spanToText(node.data.timeout)} for ${node.data.event || '(an event)'}${describeEventFilters(node.data.where)}${node.data.matchKey ? ` with the same ${node.data.matchKey}` : ''}`;
    case 'send': {
      const provider = node.data.providerId === null ? 'default provider' : (names.providerName?.(node.data.providerId) ?? `provider #${node.data.providerId}`);
      const what = node.data.templateName ? `template ${node.data.templateName}` : `"${node.data.subject || node.data.title || node.data.body.slice(0, 40)}"`;
      return `${node.data.channel} via ${provider}: ${what}`;
    }
    case 'set_attribute':
      return `Set ${node.data.attribute || '(attribute)'} to ${valueWords(node.data.value)}`;
    case 'list_membership': {
      const list = node.data.segmentId === null ? node.data.listName || '(choose a list)' : (names.segmentName?.(node.data.segmentId) ?? `#${node.data.segmentId}`);
      return `${node.data.op === 'add' ? 'Add to' : 'Remove from'} list "${list}"`;
    }
    case 'add_score':
      return `${node.data.points >= 0 ? 'Add' : 'Take'} ${Math.abs(node.data.points)} score points`;
    case 'webhook':
      return `POST to ${node.data.url || '(URL not set)'}`;
    case 'goal':
      return `Goal: ${node.data.event || '(event)'}${describeEventFilters(node.data.where)} takes the customer out`;
    case 'exit':
      return 'Exit the flow';
  }
}
