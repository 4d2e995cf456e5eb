/**
 * Files people export: UTF-8 (with or without BOM) from most tools, Windows-1256 from Arabic Excel,
 * Windows-1252 / Latin-1 from French Excel. Decoding uses the platform's TextDecoder (full ICU in
 * Node and Electron); this module only decides which one a file is in.
 */
export const SUPPORTED_ENCODINGS = ['utf-8', 'windows-1256', 'windows-1252'] as const;
export type SupportedEncoding = (typeof SUPPORTED_ENCODINGS)[number];

const ARABIC_LETTER = /[\u0621-\u064A]/g;
const ARABIC_WORD = /[\u0621-\u064A]{2,}/g;

function isValidUtf8(bytes: Uint8Array): boolean {
  // A sample may end inside a multi-byte character: drop up to three trailing bytes of one.
  let end = bytes.length;
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const byte = bytes[end - back]!;
    if ((byte & 0xc0) === 0xc0) {
      end -= back;
      break;
    }
    if ((byte & 0x80) === 0) break;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end));
    return true;
  } catch {
    return false;
  }
}

/**
 * UTF-8 when the sample is valid UTF-8 (bytes above 0x7F in a Windows code page almost never are).
 * Otherwise Windows-1256 when reading it so gives Arabic words, and Windows-1252 when it does not:
 * a French file read as 1256 keeps its lower-case accents but turns stray capitals into isolated
 * Arabic letters, while a real Arabic file reads as whole words.
 */
export function detectEncoding(sample: Uint8Array): SupportedEncoding {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8';
  if (isValidUtf8(sample)) return 'utf-8';
  const asArabic = new TextDecoder('windows-1256').decode(sample);
  const letters = asArabic.match(ARABIC_LETTER)?.length ?? 0;
  const inWords = (asArabic.match(ARABIC_WORD) ?? []).reduce((sum, word) => sum + word.length, 0);
  return letters >= 4 && inWords / letters >= 0.8 ? 'windows-1256' : 'windows-1252';
}
