/**
 * Text from outside (a name, an email, an attribute) may carry Unicode's bidi override and
 * isolate controls (U+202A-U+202E, U+2066-U+2069): "‮gpj.exe" shows as "exe.jpg", and an override
 * left open reorders the text after it. On display these controls are dropped, and the renderer
 * shows such text inside <bdi>, so right-to-left names (Arabic) still read correctly on their own.
 * The letter-level marks (LRM, RLM, ALM) are kept: they change no order but their own.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

export function withoutBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}
