import { wordsFrom } from './words';

/**
 * The journey log's sentences, by key: the engine stores a key and its values (see
 * `encodeLogSentence`), the CLI and the API read them in English, the UI in its own language
 * (`journeyLog.<key>` in its catalogue). Older rows, and reasons given by callers, are plain text.
 */
export const JOURNEY_WORDS_EN = {
  timeout: 'no {{event}} within {{span}}',
  conditionTrue: 'condition {{label}} was true',
  conditionFalse: 'condition {{label}} was false',
  tookPath: 'took path "{{path}}"',
  noPath: 'matched no path: everyone else',
  randomVariant: 'random split: variant {{variant}}',
  randomControl: 'random split: control group (no message)',
  waitingUntil: 'waiting until {{time}}',
  waitingFor: 'waiting for {{event}} until {{time}}',
  waitingForKey: 'waiting for {{event}} with {{key}} = {{value}} until {{time}}',
  queued: '{{channel}} message {{label}} queued as #{{id}}',
  alreadyQueued: '{{channel}} message {{label}} queued (already queued)',
  webhookQueued: 'webhook {{label}} to {{url}} queued as #{{id}}',
  webhookAlreadyQueued: 'webhook {{label}} to {{url}} queued',
  setAttribute: 'set {{attribute}} to {{value}}',
  addedToList: 'added to list {{list}}',
  removedFromList: 'removed from list {{list}}',
  scorePoints: '{{points}} score points',
  reachedExit: 'reached the exit',
  reachedGoal: 'reached the goal',
  happened: '{{event}} happened',
  happenedKey: '{{event}} happened ({{key}} = {{value}})',
  goalNamed: 'reached the goal "{{goal}}" ({{event}})',
  goalUnnamed: 'reached the goal ({{event}})',
  sent: '{{channel}} message #{{id}} sent via {{provider}}',
  sentVariant: '{{channel}} message #{{id}} sent via {{provider}}, the {{language}} variant',
  ruleOutcome: '{{channel}} {{origin}} {{reason}}',
  enteredOnEvent: 'entered on event {{event}}',
  enteredSegment: 'entered the segment',
  scheduledRun: 'scheduled run of {{time}}',
  dateProperty: '{{field}} {{span}} {{direction}}',
  startsAt: '{{why}}; starts at {{time}}',
  stepGone: 'the step it was at no longer exists',
  endOfFlow: 'reached the end of the flow',
  tooManySteps: 'stopped after {{steps}} steps at once (a loop without a wait)',
  archived: 'the flow was archived',
  'reason.late': 'dropped: {{hours}} h late, past its deadline ({{deadline}})',
  'reason.blocked': 'suppressed: {{channel}} blocked for this customer ({{why}})',
  'reason.noAddress.pushToken': 'suppressed: no push token',
  'reason.noAddress.email': 'suppressed: no email address',
  'reason.noAddress.phone': 'suppressed: no phone number',
  'reason.optedOut': 'suppressed: opted out of {{channel}}',
  'reason.quietDropped': 'dropped: quiet hours ({{start}}-{{end}} {{zone}})',
  'reason.quietPastDeadline': 'dropped: quiet hours end at {{ends}}, after its deadline ({{deadline}})',
  'reason.quietHeld': 'held by quiet hours until {{until}}',
  'reason.capped': 'skipped: frequency cap of {{cap}} reached',
  'reason.erased': 'suppressed: the customer was erased',
  'reason.campaignPaused': 'campaign paused',
  'reason.flowArchived': 'the flow was archived',
  'reason.resent': 'sent again by the user',
  'reason.markedSent': 'marked as sent by the user',
  'reason.markedFailed': 'marked as not delivered by the user',
  'reason.appStopped': 'the app stopped while this message was being sent: whether the provider got it is not known',
} as const;
export type JourneyWordKey = keyof typeof JOURNEY_WORDS_EN;
/** A sentence by key: a value may itself be a sentence (a delivery reason inside a log line). */
export interface LogSentence {
  key: JourneyWordKey;
  values: LogValues;
}
export type LogValues = Record<string, string | number | LogSentence>;

// A control character no sentence starts with marks a keyed row.
const MARK = '\u0002';
const englishWords = wordsFrom(JOURNEY_WORDS_EN);

/** A sentence in English, the sentences inside it first. */
export function englishSentence(sentence: LogSentence): string {
  const flat: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(sentence.values)) flat[name] = typeof value === 'object' ? englishSentence(value) : value;
  return englishWords(sentence.key, flat);
}

export function encodeLogSentence(key: JourneyWordKey, values: LogValues = {}): string {
  return MARK + JSON.stringify([key, values]);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Each reason's English as a pattern, its placeholders captured, to find the words again in a message's stored reason. */
const REASON_PATTERNS = (Object.entries(JOURNEY_WORDS_EN) as [JourneyWordKey, string][])
  .filter(([key]) => key.startsWith('reason.'))
  .map(([key, english]) => {
    const names: string[] = [];
    const source = english
      .split(/(\{\{\s*\w+\s*\}\})/)
      .map((part) => {
        const name = /^\{\{\s*(\w+)\s*\}\}$/.exec(part)?.[1];
        if (!name) return escapeRegExp(part);
        names.push(name);
        return '(.+?)';
      })
      .join('');
    return { key, names, pattern: new RegExp(`^${source}$`) };
  });

/**
 * The words of a reason a message keeps in English (why it was held, dropped or not sent), when it
 * is one of the engine's own; a provider's error text is not, and stays as the provider wrote it.
 */
export function reasonWords(reason: string): LogSentence | null {
  for (const { key, names, pattern } of REASON_PATTERNS) {
    const match = pattern.exec(reason);
    if (match) return { key, values: Object.fromEntries(names.map((name, i) => [name, match[i + 1]!])) };
  }
  return null;
}

/** A stored detail: its words when it was written by key, and its English either way. */
export function decodeLogSentence(stored: string): { detail: string; words?: { key: JourneyWordKey; values: LogValues } } {
  if (!stored.startsWith(MARK)) return { detail: stored };
  try {
    const [key, values] = JSON.parse(stored.slice(1)) as [JourneyWordKey, LogValues];
    if (!(key in JOURNEY_WORDS_EN)) return { detail: stored.slice(1) };
    return { detail: englishSentence({ key, values }), words: { key, values } };
  } catch {
    return { detail: stored.slice(1) };
  }
}
