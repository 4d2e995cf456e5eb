import { exitsOf, hasInput, isTrigger, isWait, NODE_TYPE_LABELS, type FlowDefinition, type FlowNode } from './flow';
import { templateFieldsOf } from './message-variants';
import { attributeFieldSchema, isAttributeName } from './attribute-name';
import { referencedSegments, type FilterGroup } from './segment-filter';
import { isValidTimeZone } from './time-zone';
import { wordsFrom } from './words';

/**
 * One validator for the canvas (errors on the nodes, as the user draws) and the engine (publishing
 * refuses a flow with errors). It reads only the definition and what the workspace has by id.
 */
export interface FlowIssue {
  code: string;
  /** In English, for the engine and the CLI; the UI says `words` in its own language. */
  message: string;
  /** The sentence as a key of FLOW_ISSUE_WORDS_EN (the UI's catalogue: `flowIssue.<key>`) and its values. */
  words: { key: FlowIssueKey; values: Record<string, string | number> };
  nodeId?: string;
  edgeId?: string;
  /** The node setting (or flow setting, without nodeId) at fault, for the inspector to point at. */
  field?: string;
}

/** The English of every problem; the UI's catalogue holds the same keys under `flowIssue.`. */
export const FLOW_ISSUE_WORDS_EN = {
  duplicateNode: 'Two nodes have the id {{id}}.',
  noTrigger: 'The flow needs a trigger: an event, a segment entry, a schedule or a date.',
  extraTrigger: '"{{step}}" is a second trigger; a flow has exactly one.',
  duplicateEdge: 'Two connections have the id {{id}}.',
  brokenEdge: 'A connection points to a node that does not exist ({{id}}).',
  unknownExit: '"{{step}}" has no exit "{{exit}}".',
  intoTrigger: 'Nothing can lead into "{{step}}": customers start there or it watches on its own.',
  selfLoop: '"{{step}}" leads to itself.',
  exitUsedTwice: 'The "{{exit}}" exit of "{{step}}" is connected twice; an exit leads to one step.',
  danglingExit: 'The "{{exit}}" exit of "{{step}}" leads nowhere: connect it (an Exit node ends a path).',
  unreachable: 'No path from the trigger reaches "{{step}}".',
  cycleWithoutWait: 'These steps loop with no wait between them: {{steps}}. Put a wait in the loop.',
  invalidTimeZone: '"{{zone}}" is not a time zone (for example Africa/Algiers).',
  unknownSegment: 'The filter names segment #{{id}}, which does not exist (deleted?).',
  placeholderReadsFile: '{{step}}: the {{field}} uses include, render or layout, which are not allowed: a message cannot read files or other templates.',
  placeholderUnpairedBraces: '{{step}}: the {{field}} has a double brace without its pair.',
  placeholderUnpairedTag: '{{step}}: the {{field}} has a tag brace ({% or %}) without its pair.',
  placeholderNotClosed: '{{step}}: the {{field}} has a placeholder that is not closed.',
  chooseTheEventThat: '{{step}}: choose the event that starts the flow.',
  sayWhoEntersA: '{{step}}: say who enters (a segment or conditions).',
  setTheDateAnd: '{{step}}: set the date and time to send.',
  chooseAtLeastOne: '{{step}}: choose at least one weekday.',
  chooseADateProperty: '{{step}}: choose a date property (signup date or a date attribute).',
  setTheCondition: '{{step}}: set the condition.',
  chooseTheSendStep: '{{step}}: choose the send step whose engagement decides.',
  addAtLeastOne: '{{step}}: add at least one path.',
  twoPathsAreCalled: '{{step}}: two paths are called "{{id}}".',
  sayWhoTakesPath: '{{step}}: say who takes path "{{path}}".',
  aSplitNeedsAt: '{{step}}: a split needs at least two arms (variants or a control group).',
  theSharesAddUp: '{{step}}: the shares add up to {{total}}%, not 100%.',
  twoVariantsSameId: '{{step}}: two variants have the same id.',
  aWaitLastsAt: '{{step}}: a wait lasts at least 1 minute.',
  chooseTheEventTo: '{{step}}: choose the event to wait for.',
  setHowLongTo: '{{step}}: set how long to wait before the timed-out exit.',
  matchingOnAKey: '{{step}}: matching on a key needs an event trigger with a key (for example cart_id).',
  providerIdDoesNot: '{{step}}: provider #{{id}} does not exist.',
  providerProviderSendsSends: '{{step}}: provider "{{provider}}" sends {{sends}}, not {{channel}}.',
  theProviderHasNo: '{{step}}: the provider has no approved template "{{template}}".',
  writeATitle: '{{step}}: write a title.',
  writeTheMessage: '{{step}}: write the message.',
  writeASubject: '{{step}}: write a subject.',
  writeTheEmailHtml: '{{step}}: write the email (HTML or text).',
  aMarketingEmailNeeds: '{{step}}: a marketing email needs an unsubscribe link: put {{unsubscribe}} in it.',
  chooseAnApprovedTemplate: '{{step}}: choose an approved template (free text is only allowed within 24 h of the customer writing).',
  setTheHttpS: '{{step}}: set the http(s) URL to call.',
  theLinkMustBe: '{{step}}: the link must be an http(s) URL.',
  theLanguageVariantS: "{{step}}: the {{language}} variant's link must be an http(s) URL.",
  theLanguageVariantNeeds: '{{step}}: the {{language}} variant needs an unsubscribe link too: put {{unsubscribe}} in it.',
  nameTheAttributeTo: '{{step}}: name the attribute to set.',
  chooseTheList: '{{step}}: choose the list.',
  listIdDoesNot: '{{step}}: list #{{id}} does not exist.',
  listIsADynamic: '{{step}}: "{{list}}" is a dynamic segment: only static lists take members.',
  giveOrTakeAt: '{{step}}: give or take at least one point.',
  chooseTheConversionEvent: '{{step}}: choose the conversion event.',
} as const;
export type FlowIssueKey = keyof typeof FLOW_ISSUE_WORDS_EN;
const englishIssue = wordsFrom(FLOW_ISSUE_WORDS_EN);

function say(key: FlowIssueKey, values: Record<string, string | number> = {}): Pick<FlowIssue, 'message' | 'words'> {
  return { message: englishIssue(key, values), words: { key, values } };
}

export interface FlowValidationContext {
  segments: ReadonlyMap<number, { name: string; kind: 'dynamic' | 'static' }>;
  providers: ReadonlyMap<number, { name: string; channel: string }>;
  /** Approved message templates by provider id (WhatsApp); providers not listed are not checked. */
  templates?: ReadonlyMap<number, ReadonlySet<string>>;
}

const UNSUBSCRIBE = /\{\{\s*unsubscribe_url\s*\}\}/;
// shared/ runs without DOM or Node globals, so no URL class: a host, then anything but spaces.
const isHttpUrl = (value: string) => /^https?:\/\/[^\s/?#:]+(:\d+)?([/?#]\S*)?$/i.test(value);
/** A link may hold Liquid placeholders ("https://shop.dz/cart/{{ event.cart_id }}"): check the rest. */
const isLinkUrl = (value: string) => isHttpUrl(value.replace(/\{\{[^}]*\}\}/g, 'x'));

/**
 * Tags that would read a file or another template: refused everywhere (the engine's Liquid refuses
 * them too). Inside a `{% liquid %}` block tags are written without their braces.
 */
const FILE_TAG = /\{%-?\s*(include|render|layout)\b/;
const LIQUID_BLOCK_FILE_TAG = /\{%-?\s*liquid\b[^%]*?(^|\n)\s*(include|render|layout)\b/;

export function templateReadsFile(value: string): boolean {
  return FILE_TAG.test(value) || LIQUID_BLOCK_FILE_TAG.test(value);
}

/** Liquid placeholders must open and close: an unclosed `{{` would send the raw braces. */
function liquidProblem(value: string): FlowIssueKey | null {
  if (templateReadsFile(value)) return 'placeholderReadsFile';
  let depth = 0;
  for (const match of value.matchAll(/\{\{|\}\}|\{%|%\}/g)) {
    depth += match[0] === '{{' || match[0] === '{%' ? 1 : -1;
    if (depth < 0 || depth > 1) return match[0] === '{{' || match[0] === '}}' ? 'placeholderUnpairedBraces' : 'placeholderUnpairedTag';
  }
  return depth === 0 ? null : 'placeholderNotClosed';
}

function label(node: FlowNode): string {
  return node.label || NODE_TYPE_LABELS[node.type];
}

export function validateFlow(flow: FlowDefinition, ctx: FlowValidationContext): FlowIssue[] {
  const issues: FlowIssue[] = [];
  const add = (issue: FlowIssue) => issues.push(issue);
  const byId = new Map<string, FlowNode>();
  for (const node of flow.nodes) {
    if (byId.has(node.id)) add({ code: 'duplicate_node', nodeId: node.id, ...say('duplicateNode', { id: node.id }) });
    byId.set(node.id, node);
  }

  // One trigger: it is where every customer enters.
  const triggers = flow.nodes.filter(isTrigger);
  if (triggers.length === 0) add({ code: 'no_trigger', ...say('noTrigger') });
  for (const extra of triggers.slice(1)) {
    add({ code: 'extra_trigger', nodeId: extra.id, ...say('extraTrigger', { step: label(extra) }) });
  }

  // Edges: from an existing exit to a node that takes input, one edge per exit.
  const outgoing = new Map<string, string[]>();
  const used = new Set<string>();
  const edgeIds = new Set<string>();
  for (const edge of flow.edges) {
    if (edgeIds.has(edge.id)) add({ code: 'duplicate_edge', edgeId: edge.id, ...say('duplicateEdge', { id: edge.id }) });
    edgeIds.add(edge.id);
    const source = byId.get(edge.source);
    const target = byId.get(edge.target);
    if (!source || !target) {
      add({ code: 'broken_edge', edgeId: edge.id, ...say('brokenEdge', { id: !source ? edge.source : edge.target }) });
      continue;
    }
    if (!exitsOf(source).some((exit) => exit.id === edge.exit)) {
      add({ code: 'unknown_exit', edgeId: edge.id, nodeId: source.id, ...say('unknownExit', { step: label(source), exit: edge.exit }) });
      continue;
    }
    if (!hasInput(target)) {
      add({ code: 'into_trigger', edgeId: edge.id, nodeId: target.id, ...say('intoTrigger', { step: label(target) }) });
      continue;
    }
    if (source.id === target.id) add({ code: 'self_loop', edgeId: edge.id, nodeId: source.id, ...say('selfLoop', { step: label(source) }) });
    const key = `${edge.source}\u0000${edge.exit}`;
    if (used.has(key)) add({ code: 'exit_used_twice', edgeId: edge.id, nodeId: source.id, ...say('exitUsedTwice', { exit: edge.exit, step: label(source) }) });
    used.add(key);
    outgoing.set(source.id, [...(outgoing.get(source.id) ?? []), target.id]);
  }
  for (const node of flow.nodes) {
    for (const exit of exitsOf(node)) {
      if (!used.has(`${node.id}\u0000${exit.id}`)) {
        add({ code: 'dangling_exit', nodeId: node.id, field: `exit:${exit.id}`, ...say('danglingExit', { exit: exit.label, step: label(node) }) });
      }
    }
  }

  // Every step must be reachable from the trigger.
  const reached = new Set<string>();
  const queue = triggers.slice(0, 1).map((t) => t.id);
  while (queue.length > 0) {
    const id = queue.pop()!;
    if (reached.has(id)) continue;
    reached.add(id);
    queue.push(...(outgoing.get(id) ?? []));
  }
  if (triggers.length > 0) {
    for (const node of flow.nodes) {
      if (hasInput(node) && !reached.has(node.id)) add({ code: 'unreachable', nodeId: node.id, ...say('unreachable', { step: label(node) }) });
    }
  }

  // A loop must pass through a wait, or a customer would spin through it forever in an instant.
  for (const cycle of cyclesWithoutWait(flow, outgoing, byId)) {
    add({
      code: 'cycle_without_wait',
      nodeId: cycle[0],
      ...say('cycleWithoutWait', { steps: cycle.map((id) => `"${label(byId.get(id)!)}"`).join(' → ') }),
    });
  }

  for (const node of flow.nodes) checkNode(node, flow, byId, ctx, add);

  const settings = flow.settings;
  if (!isValidTimeZone(settings.timeZone)) add({ code: 'invalid_time_zone', field: 'settings.timeZone', ...say('invalidTimeZone', { zone: settings.timeZone }) });
  checkSegments(settings.exclusion, ctx, add, undefined, 'settings.exclusion');
  return issues;
}

function checkSegments(filter: FilterGroup, ctx: FlowValidationContext, add: (issue: FlowIssue) => void, nodeId: string | undefined, field: string) {
  for (const id of referencedSegments(filter)) {
    if (!ctx.segments.has(id)) add({ code: 'unknown_segment', ...(nodeId ? { nodeId } : {}), field, ...say('unknownSegment', { id }) });
  }
}

function checkNode(node: FlowNode, flow: FlowDefinition, byId: Map<string, FlowNode>, ctx: FlowValidationContext, add: (issue: FlowIssue) => void) {
  const name = label(node);
  const need = (ok: boolean, field: string, key: FlowIssueKey, values: Record<string, string | number> = {}, code = 'required') => {
    if (!ok) add({ code, nodeId: node.id, field, ...say(key, { step: name, ...values }) });
  };
  const filled = (value: string) => value.trim() !== '';
  switch (node.type) {
    case 'trigger_event':
      need(filled(node.data.event), 'event', 'chooseTheEventThat');
      break;
    case 'trigger_segment':
      need(node.data.filter.conditions.length > 0, 'filter', 'sayWhoEntersA');
      checkSegments(node.data.filter, ctx, add, node.id, 'filter');
      break;
    case 'trigger_schedule':
      if (node.data.repeat === 'once') need(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(node.data.at) && !Number.isNaN(Date.parse(node.data.at)), 'at', 'setTheDateAnd');
      if (node.data.repeat === 'weekly') need(node.data.weekdays.length > 0, 'weekdays', 'chooseAtLeastOne');
      checkSegments(node.data.audience, ctx, add, node.id, 'audience');
      break;
    case 'trigger_date':
      need(node.data.field === 'signupAt' || node.data.field === 'createdAt' || attributeFieldSchema.safeParse(node.data.field).success, 'field', 'chooseADateProperty');
      break;
    case 'condition':
      if (node.data.mode === 'filter') {
        need(node.data.filter.conditions.length > 0, 'filter', 'setTheCondition');
        checkSegments(node.data.filter, ctx, add, node.id, 'filter');
      } else {
        const send = byId.get(node.data.sendNodeId);
        need(send?.type === 'send', 'sendNodeId', 'chooseTheSendStep');
      }
      break;
    case 'split_audience': {
      need(node.data.paths.length > 0, 'paths', 'addAtLeastOne');
      const ids = new Set<string>();
      node.data.paths.forEach((path, i) => {
        need(!ids.has(path.id) && path.id !== 'else', `paths.${i}.id`, 'twoPathsAreCalled', { id: path.id }, 'duplicate_path');
        ids.add(path.id);
        need(path.filter.conditions.length > 0, `paths.${i}.filter`, 'sayWhoTakesPath', { path: path.label || path.id });
        checkSegments(path.filter, ctx, add, node.id, `paths.${i}.filter`);
      });
      break;
    }
    case 'split_random': {
      const total = node.data.variants.reduce((sum, v) => sum + v.percent, 0) + node.data.controlPercent;
      need(node.data.variants.length + (node.data.controlPercent > 0 ? 1 : 0) >= 2, 'variants', 'aSplitNeedsAt');
      need(Math.abs(total - 100) < 1e-9, 'variants', 'theSharesAddUp', { total }, 'split_total');
      need(
        new Set(node.data.variants.map((v) => v.id)).size === node.data.variants.length && !node.data.variants.some((v) => v.id === 'control'),
        'variants',
        'twoVariantsSameId',
        {},
        'duplicate_path',
      );
      break;
    }
    case 'wait_delay':
      need(node.data.delay.amount >= 1, 'delay', 'aWaitLastsAt');
      break;
    case 'wait_until':
      break;
    case 'wait_event': {
      need(filled(node.data.event), 'event', 'chooseTheEventTo');
      need(node.data.timeout.amount >= 1, 'timeout', 'setHowLongTo');
      const trigger = flow.nodes.find(isTrigger);
      if (filled(node.data.matchKey)) {
        need(trigger?.type === 'trigger_event' && filled(trigger.data.key), 'matchKey', 'matchingOnAKey');
      }
      break;
    }
    case 'send': {
      const d = node.data;
      if (d.providerId !== null) {
        const provider = ctx.providers.get(d.providerId);
        need(provider !== undefined, 'providerId', 'providerIdDoesNot', { id: d.providerId }, 'unknown_provider');
        if (provider) need(provider.channel === d.channel, 'providerId', 'providerProviderSendsSends', { provider: provider.name, sends: provider.channel, channel: d.channel }, 'provider_channel');
        const templates = ctx.templates?.get(d.providerId);
        if (templates && filled(d.templateName)) need(templates.has(d.templateName), 'templateName', 'theProviderHasNo', { template: d.templateName }, 'unknown_template');
      }
      if (d.channel === 'push' || d.channel === 'in_app') {
        need(filled(d.title), 'title', 'writeATitle');
        need(filled(d.body), 'body', 'writeTheMessage');
      } else if (d.channel === 'email') {
        need(filled(d.subject), 'subject', 'writeASubject');
        need(filled(d.html) || filled(d.body), 'html', 'writeTheEmailHtml');
        if (d.marketing) need(UNSUBSCRIBE.test(d.html) || UNSUBSCRIBE.test(d.body), 'html', 'aMarketingEmailNeeds', { unsubscribe: '{{ unsubscribe_url }}' }, 'missing_unsubscribe');
      } else if (d.channel === 'sms') {
        need(filled(d.body), 'body', 'writeTheMessage');
      } else if (d.channel === 'whatsapp') {
        need(filled(d.templateName) || filled(d.body), 'templateName', 'chooseAnApprovedTemplate');
      } else if (d.channel === 'webhook') {
        need(isLinkUrl(d.link), 'link', 'setTheHttpS');
      }
      if (d.channel !== 'webhook' && filled(d.link)) need(isLinkUrl(d.link), 'link', 'theLinkMustBe', {}, 'invalid_link');
      for (const [field, text] of templateFieldsOf(d)) {
        const problem = liquidProblem(text);
        if (problem) add({ code: 'invalid_placeholder', nodeId: node.id, field: field.split('.')[0]!, ...say(problem, { step: name, field }) });
      }
      for (const [language, variant] of Object.entries(d.variants ?? {})) {
        if (variant.link !== undefined && filled(variant.link)) need(isLinkUrl(variant.link), 'variants', 'theLanguageVariantS', { language }, 'invalid_link');
        if (d.channel === 'email' && d.marketing) {
          const text = (variant.html ?? d.html) + (variant.body ?? d.body);
          need(UNSUBSCRIBE.test(text), 'variants', 'theLanguageVariantNeeds', { language, unsubscribe: '{{ unsubscribe_url }}' }, 'missing_unsubscribe');
        }
      }
      break;
    }
    case 'set_attribute':
      need(isAttributeName(node.data.attribute), 'attribute', 'nameTheAttributeTo');
      break;
    case 'list_membership': {
      const list = node.data.segmentId === null ? undefined : ctx.segments.get(node.data.segmentId);
      need(node.data.segmentId !== null, 'segmentId', 'chooseTheList');
      if (node.data.segmentId !== null) {
        need(list !== undefined, 'segmentId', 'listIdDoesNot', { id: node.data.segmentId }, 'unknown_segment');
        if (list) need(list.kind === 'static', 'segmentId', 'listIsADynamic', { list: list.name }, 'not_a_list');
      }
      break;
    }
    case 'add_score':
      need(node.data.points !== 0, 'points', 'giveOrTakeAt');
      break;
    case 'webhook':
      need(isLinkUrl(node.data.url), 'url', 'setTheHttpS');
      for (const field of ['url', 'body'] as const) {
        const problem = liquidProblem(node.data[field]);
        if (problem) add({ code: 'invalid_placeholder', nodeId: node.id, field, ...say(problem, { step: name, field }) });
      }
      break;
    case 'goal':
      need(filled(node.data.event), 'event', 'chooseTheConversionEvent');
      break;
    case 'exit':
      break;
    default:
      // Every kind of step has its rules here: a new kind without them fails the typecheck.
      assertNever(node);
  }
}

function assertNever(value: never): never {
  throw new Error(`No validation for ${JSON.stringify(value)}`);
}

/** Strongly connected groups of steps (Tarjan) that loop without passing a wait. */
function cyclesWithoutWait(flow: FlowDefinition, outgoing: Map<string, string[]>, byId: Map<string, FlowNode>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const found: string[][] = [];
  let counter = 0;
  const next = (id: string) => (outgoing.get(id) ?? []).filter((target) => !isWait(byId.get(target)!));
  const visit = (id: string) => {
    index.set(id, counter);
    low.set(id, counter++);
    stack.push(id);
    onStack.add(id);
    for (const target of next(id)) {
      if (!index.has(target)) {
        visit(target);
        low.set(id, Math.min(low.get(id)!, low.get(target)!));
      } else if (onStack.has(target)) low.set(id, Math.min(low.get(id)!, index.get(target)!));
    }
    if (low.get(id) === index.get(id)) {
      const group: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        group.push(member);
      } while (member !== id);
      if (group.length > 1) found.push(group.reverse());
    }
  };
  for (const node of flow.nodes) if (!isWait(node) && !index.has(node.id)) visit(node.id);
  return found;
}
