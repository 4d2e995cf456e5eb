import { describe, expect, test } from 'vitest';
import { decodeLogSentence, encodeLogSentence, englishSentence, JOURNEY_WORDS_EN, reasonWords, type JourneyWordKey } from './journey-words';

describe('journey log and delivery reasons by key', () => {
  test('a keyed detail reads back as its English and its words; a sentence inside another is said first', () => {
    const reason = { key: 'reason.quietHeld' as const, values: { until: 'Tue 3 Mar 09:00 Africa/Algiers' } };
    const stored = encodeLogSentence('ruleOutcome', { channel: 'push', origin: '"PN1"', reason });
    expect(decodeLogSentence(stored)).toEqual({
      detail: 'push "PN1" held by quiet hours until Tue 3 Mar 09:00 Africa/Algiers',
      words: { key: 'ruleOutcome', values: { channel: 'push', origin: '"PN1"', reason } },
    });
  });

  test('plain text (older rows) and unknown keys read as written', () => {
    expect(decodeLogSentence('entered on event add_to_cart')).toEqual({ detail: 'entered on event add_to_cart' });
    expect(decodeLogSentence(`\u0002${JSON.stringify(['noSuchKey', {}])}`).words).toBeUndefined();
  });

  test('every engine reason is found again in its English, with its values; a provider error is not', () => {
    const reasons = (Object.keys(JOURNEY_WORDS_EN) as JourneyWordKey[]).filter((key) => key.startsWith('reason.'));
    expect(reasons.length).toBeGreaterThan(10);
    for (const key of reasons) {
      const names = [...JOURNEY_WORDS_EN[key].matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!);
      const values = Object.fromEntries(names.map((name, i) => [name, `value${i}`]));
      expect(reasonWords(englishSentence({ key, values })), key).toEqual({ key, values });
    }
    expect(reasonWords('HTTP 503 from the provider: try later')).toBeNull();
  });
});
