import type { FlowNode, Span } from './flow';
import type { EventPropertyFilter, FilterCondition } from './segment-filter';
import { wordsFrom, type Words } from './words';

/** Names of things a flow refers to by id, for words on screen; unknown ids read as "#id". */
export interface NameLookup {
  segmentName?(id: number): string | undefined;
  providerName?(id: number): string | undefined;
}

/**
 * The English of every phrase a step or filter is described with; the UI's catalogue holds the
 * same keys under `describe.` (French beside it). Fragments join into sentences, so each one reads
 * on its own.
 */
export const DESCRIBE_WORDS_EN = {
  'op.equals': 'is',
  'op.not_equals': 'is not',
  'op.contains': 'contains',
  'op.not_contains': 'does not contain',
  'op.starts_with': 'starts with',
  'op.in': 'is one of',
  'op.not_in': 'is none of',
  'op.gt': '>',
  'op.gte': '≥',
  'op.lt': '<',
  'op.lte': '≤',
  'op.between': 'between',
  'op.is_set': 'is set',
  'op.is_not_set': 'is not set',
  'op.before': 'before',
  'op.after': 'after',
  'op.within_last': 'within the last',
  'op.more_than_ago': 'more than',
  'unit.minutes_one': '{{count}} minute',
  'unit.minutes_other': '{{count}} minutes',
  'unit.hours_one': '{{count}} hour',
  'unit.hours_other': '{{count}} hours',
  'unit.days_one': '{{count}} day',
  'unit.days_other': '{{count}} days',
  'unit.weeks_one': '{{count}} week',
  'unit.weeks_other': '{{count}} weeks',
  'unit.months_one': '{{count}} month',
  'unit.months_other': '{{count}} months',
  with: ' with {{property}} {{operator}}{{value}}',
  everyone: 'everyone',
  nobody: 'nobody',
  and: ' and ',
  or: ' or ',
  ago: ' ago',
  inLast: ' in the last {{span}}',
  between: ' between {{from}} and {{to}}',
  hasNotDone: 'has not done {{event}}{{filters}}{{window}}',
  did_at_least_one: 'did {{event}}{{filters}} at least {{count}} time{{window}}',
  did_at_least_other: 'did {{event}}{{filters}} at least {{count}} times{{window}}',
  did_at_most_one: 'did {{event}}{{filters}} at most {{count}} time{{window}}',
  did_at_most_other: 'did {{event}}{{filters}} at most {{count}} times{{window}}',
  did_exactly_one: 'did {{event}}{{filters}} exactly {{count}} time{{window}}',
  did_exactly_other: 'did {{event}}{{filters}} exactly {{count}} times{{window}}',
  inSegment: 'in segment "{{name}}"',
  notInSegment: 'not in segment "{{name}}"',
  score: 'score {{operator}} {{value}}',
  'weekday.1': 'Mon',
  'weekday.2': 'Tue',
  'weekday.3': 'Wed',
  'weekday.4': 'Thu',
  'weekday.5': 'Fri',
  'weekday.6': 'Sat',
  'weekday.7': 'Sun',
  anyDay: 'any day',
  whenEvent: 'When {{event}}{{filters}} happens',
  keyedBy: ' (keyed by {{key}})',
  whenEventUnset: 'When an event happens (choose one)',
  whenSegment: 'When a customer starts to match: {{filter}}',
  customerZone: "customer's time zone",
  flowZone: 'flow time zone',
  forAudience: ', for {{filter}}',
  forEveryone: ', for everyone',
  dateNotSet: '(date not set)',
  once: 'Once at {{at}}, {{zone}}{{audience}}',
  daily: 'Every day at {{time}}, {{zone}}{{audience}}',
  weekly: 'Every week on {{days}} at {{time}}, {{zone}}{{audience}}',
  monthly: 'Every month on day {{day}} at {{time}}, {{zone}}{{audience}}',
  dateField: '{{span}} after {{field}}, at {{time}}',
  dateFieldBefore: '{{span}} before {{field}}, at {{time}}',
  dateFieldUnset: '(date field not set)',
  ifFilter: 'If {{filter}}',
  if_delivered: 'If the customer received {{message}}',
  if_opened: 'If the customer opened {{message}}',
  if_clicked: 'If the customer clicked {{message}}',
  messageId: 'message {{id}}',
  chooseSend: '(choose a send step)',
  path: '{{label}}: {{filter}}',
  elseEveryone: '; else everyone else',
  control: 'control {{percent}}%',
  wait: 'Wait {{span}}',
  waitUntil: "Wait until {{time}} on {{days}}, customer's time zone",
  waitEvent: 'Wait up to {{span}} for {{event}}{{filters}}{{match}}',
  anEvent: '(an event)',
  sameKey: ' with the same {{key}}',
  defaultProvider: 'default provider',
  providerId: 'provider #{{id}}',
  template: 'template {{name}}',
  send: '{{channel}} via {{provider}}: {{what}}',
  setAttribute: 'Set {{attribute}} to {{value}}',
  attributeUnset: '(attribute)',
  chooseList: '(choose a list)',
  addToList: 'Add to list "{{list}}"',
  removeFromList: 'Remove from list "{{list}}"',
  addScore: 'Add {{count}} score points',
  takeScore: 'Take {{count}} score points',
  webhook: 'POST to {{url}}',
  urlUnset: '(URL not set)',
  goal: 'Goal: {{event}}{{filters}} takes the customer out',
  eventUnset: '(event)',
  exit: 'Exit the flow',
} as const;

export const ENGLISH_DESCRIBE: Words = (() => {
  const dictionary: Record<string, string> = DESCRIBE_WORDS_EN;
  const english = wordsFrom(dictionary);
  // Plurals: the English dictionary has `_one`/`_other`, as i18next's does; pick as i18next would.
  return (key, values) => (dictionary[key] === undefined && values?.['count'] !== undefined ? english(`${key}_${values['count'] === 1 ? 'one' : 'other'}`, values) : english(key, values));
})();

const fieldWords = (field: string) => (field.startsWith('attributes.') ? field.slice('attributes.'.length) : field);

export const spanWords = (span: Span, w: Words = ENGLISH_DESCRIBE) => w(`unit.${span.unit}`, { count: span.amount });

function valueWords(value: unknown, w: Words): string {
  if (Array.isArray(value)) return value.map((v) => valueWords(v, w)).join(', ');
  if (value && typeof value === 'object' && 'amount' in value && 'unit' in value) return spanWords(value as Span, w);
  return typeof value === 'string' ? `"${value}"` : String(value);
}

export function describeEventFilters(where: readonly EventPropertyFilter[], w: Words = ENGLISH_DESCRIBE): string {
  return where.map((f) => w('with', { property: f.property, operator: w(`op.${f.operator}`), value: f.value === undefined ? '' : ` ${valueWords(f.value, w)}` })).join('');
}

/** A filter in words: "city is "Oran" and did add_to_cart at least 1 time in the last 3 days". */
export function describeFilter(condition: FilterCondition, names: NameLookup = {}, w: Words = ENGLISH_DESCRIBE): string {
  switch (condition.type) {
    case 'group': {
      if (condition.conditions.length === 0) return w(condition.op === 'and' ? 'everyone' : 'nobody');
      const parts = condition.conditions.map((c) => (c.type === 'group' && c.conditions.length > 1 ? `(${describeFilter(c, names, w)})` : describeFilter(c, names, w)));
      return parts.join(w(condition.op));
    }
    case 'property': {
      const value = 'value' in condition ? ` ${valueWords(condition.value, w)}` : '';
      const ago = condition.operator === 'more_than_ago' ? w('ago') : '';
      return `${fieldWords(condition.field)} ${w(`op.${condition.operator}`)}${value}${ago}`;
    }
    case 'behaviour': {
      const window =
        condition.window.kind === 'ever'
          ? ''
          : condition.window.kind === 'last'
            ? w('inLast', { span: spanWords(condition.window as Span, w) })
            : w('between', { from: condition.window.from, to: condition.window.to });
      const filters = describeEventFilters(condition.where, w);
      if (condition.occurrence !== 'at_least' && condition.count === 0) return w('hasNotDone', { event: condition.event, filters, window });
      return w(`did_${condition.occurrence}`, { event: condition.event, filters, count: condition.count, window });
    }
    case 'segment': {
      const name = names.segmentName?.(condition.segmentId) ?? `#${condition.segmentId}`;
      return w(condition.member ? 'inSegment' : 'notInSegment', { name });
    }
    case 'score':
      return w('score', { operator: w(`op.${condition.operator}`), value: valueWords(condition.value, w) });
  }
}

const weekdayWords = (days: readonly number[], w: Words) => (days.length === 0 || days.length === 7 ? w('anyDay') : days.map((d) => w(`weekday.${d}`)).join(', '));

/** What a node does, in one line, as the canvas shows it and as version diffs name it. */
export function describeNode(node: FlowNode, names: NameLookup = {}, w: Words = ENGLISH_DESCRIBE): string {
  const filter = (f: FilterCondition) => describeFilter(f, names, w);
  switch (node.type) {
    case 'trigger_event':
      return node.data.event
        ? w('whenEvent', { event: node.data.event, filters: describeEventFilters(node.data.where, w) }) + (node.data.key ? w('keyedBy', { key: node.data.key }) : '')
        : w('whenEventUnset');
    case 'trigger_segment':
      return w('whenSegment', { filter: filter(node.data.filter) });
    case 'trigger_schedule': {
      const zone = w(node.data.zone === 'customer' ? 'customerZone' : 'flowZone');
      const audience = node.data.audience.conditions.length ? w('forAudience', { filter: filter(node.data.audience) }) : w('forEveryone');
      const time = node.data.time;
      if (node.data.repeat === 'once') return w('once', { at: node.data.at || w('dateNotSet'), zone, audience });
      if (node.data.repeat === 'daily') return w('daily', { time, zone, audience });
      if (node.data.repeat === 'weekly') return w('weekly', { days: weekdayWords(node.data.weekdays, w), time, zone, audience });
      return w('monthly', { day: node.data.dayOfMonth, time, zone, audience });
    }
    case 'trigger_date':
      return w(node.data.direction === 'before' ? 'dateFieldBefore' : 'dateField', {
        span: spanWords(node.data.offset, w),
        field: fieldWords(node.data.field) || w('dateFieldUnset'),
        time: node.data.time,
      });
    case 'condition':
      return node.data.mode === 'filter'
        ? w('ifFilter', { filter: filter(node.data.filter) })
        : w(`if_${node.data.engagement}`, { message: node.data.sendNodeId ? w('messageId', { id: node.data.sendNodeId }) : w('chooseSend') });
    case 'split_audience':
      return node.data.paths.map((p) => w('path', { label: p.label || p.id, filter: filter(p.filter) })).join('; ') + w('elseEveryone');
    case 'split_random':
      return [...node.data.variants.map((v) => `${v.label || v.id} ${v.percent}%`), ...(node.data.controlPercent > 0 ? [w('control', { percent: node.data.controlPercent })] : [])].join(' / ');
    case 'wait_delay':
      return w('wait', { span: spanWords(node.data.delay, w) });
    case 'wait_until':
      return w('waitUntil', { time: node.data.time, days: weekdayWords(node.data.weekdays, w) });
    case 'wait_event':
      return w('waitEvent', {
        span: spanWords(node.data.timeout, w),
        event: node.data.event || w('anEvent'),
        filters: describeEventFilters(node.data.where, w),
        match: node.data.matchKey ? w('sameKey', { key: node.data.matchKey }) : '',
      });
    case 'send': {
      const provider = node.data.providerId === null ? w('defaultProvider') : (names.providerName?.(node.data.providerId) ?? w('providerId', { id: node.data.providerId }));
      const what = node.data.templateName ? w('template', { name: node.data.templateName }) : `"${node.data.subject || node.data.title || node.data.body.slice(0, 40)}"`;
      return w('send', { channel: node.data.channel, provider, what });
    }
    case 'set_attribute':
      return w('setAttribute', { attribute: node.data.attribute || w('attributeUnset'), value: valueWords(node.data.value, w) });
    case 'list_membership': {
      const list = node.data.segmentId === null ? node.data.listName || w('chooseList') : (names.segmentName?.(node.data.segmentId) ?? `#${node.data.segmentId}`);
      return w(node.data.op === 'add' ? 'addToList' : 'removeFromList', { list });
    }
    case 'add_score':
      return w(node.data.points >= 0 ? 'addScore' : 'takeScore', { count: Math.abs(node.data.points) });
    case 'webhook':
      return w('webhook', { url: node.data.url || w('urlUnset') });
    case 'goal':
      return w('goal', { event: node.data.event || w('eventUnset'), filters: describeEventFilters(node.data.where, w) });
    case 'exit':
      return w('exit');
  }
}
