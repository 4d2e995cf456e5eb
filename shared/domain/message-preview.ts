import { SegmentedMessage } from 'sms-segments-calculator';

/**
 * How an SMS travels: GSM-7 (160 characters, 153 a part once split; ^ { } [ ] ~ \ | € count
 * twice) or UCS-2 as soon as one character is outside GSM-7 (70, 67 a part: Arabic, most emoji).
 * Counted by sms-segments-calculator (Twilio's segment rules), the same in the editor and the CLI.
 */
export interface SmsEncoding {
  encoding: 'GSM-7' | 'UCS-2';
  segments: number;
  /** Characters as the network counts them (an extended GSM character counts two). */
  characters: number;
  /** Characters a segment holds at this length: 160/153 (GSM-7) or 70/67 (UCS-2). */
  perSegment: number;
}

export function smsEncoding(text: string): SmsEncoding {
  const message = new SegmentedMessage(text);
  const encoding = message.encodingName === 'UCS-2' ? 'UCS-2' : 'GSM-7';
  const single = encoding === 'GSM-7' ? 160 : 70;
  const part = encoding === 'GSM-7' ? 153 : 67;
  return { encoding, segments: text === '' ? 0 : message.segmentsCount, characters: message.numberOfCharacters, perSegment: message.segmentsCount > 1 ? part : single };
}

/** Where a phone commonly cuts a push notification's title and body (expanded view). */
export const PUSH_LIMITS = {
  android: { title: 65, body: 240 },
  ios: { title: 50, body: 178 },
} as const;

export function cutForPhone(text: string, limit: number): { text: string; cut: boolean } {
  const characters = [...text];
  return characters.length <= limit ? { text, cut: false } : { text: `${characters.slice(0, limit - 1).join('')}…`, cut: true };
}
