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
} as const;
export type JourneyWordKey = keyof typeof JOURNEY_WORDS_EN;
export type LogValues = Record<string, string | number>;

// A control character no sentence starts with marks a keyed row.
const MARK = '\u0002';
const english = wordsFrom(JOURNEY_WORDS_EN);

export function encodeLogSentence(key: JourneyWordKey, values: LogValues = {}): string {
  return MARK + JSON.stringify([key, values]);
}

/** A stored detail: its words when it was written by key, and its English either way. */
export function decodeLogSentence(stored: string): { detail: string; words?: { key: JourneyWordKey; values: LogValues } } {
  if (!stored.startsWith(MARK)) return { detail: stored };
  try {
    const [key, values] = JSON.parse(stored.slice(1)) as [JourneyWordKey, LogValues];
    if (!(key in JOURNEY_WORDS_EN)) return { detail: stored.slice(1) };
    return { detail: english(key, values), words: { key, values } };
  } catch {
    return { detail: stored.slice(1) };
  }
}
