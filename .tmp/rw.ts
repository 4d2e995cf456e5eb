import { reasonWords, englishSentence } from '../shared/domain/journey-words';
for (const r of [
  'dropped: quiet hours (21:00-09:00 Africa/Algiers)',
  'skipped: frequency cap of 2 push per 3 days reached',
  'suppressed: no push token',
  'campaign paused',
  'HTTP 500: boom',
  'dropped: quiet hours end at Tue 3 Mar 09:00 Africa/Algiers, after its deadline (Tue 3 Mar 03:30 Africa/Algiers)',
]) {
  const w = reasonWords(r);
  console.log(JSON.stringify(w), w && englishSentence(w) === r);
}
