/**
 * Sentences that shared code builds (a step in words, a flow's problems) come from a dictionary of
 * keys, so the UI can say them in its own language: the engine and the CLI use the English one
 * given here, the renderer passes its catalogue's `t`. Placeholders are written `{{name}}`, as the
 * UI's catalogue (i18next) writes them.
 */
export type Words = (key: string, values?: Record<string, string | number>) => string;

export function fillPlaceholders(template: string, values: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => String(values[name] ?? ''));
}

/** Words read from one dictionary; a key it lacks reads as itself, so a missing sentence shows, not crashes. */
export function wordsFrom(dictionary: Readonly<Record<string, string>>): Words {
  return (key, values) => fillPlaceholders(dictionary[key] ?? key, values);
}

/** A dictionary's keys under a prefix, as the UI's catalogue holds them ("describe.wait"). */
export function prefixed<P extends string, D extends Record<string, string>>(prefix: P, dictionary: D): { [K in keyof D & string as `${P}${K}`]: string } {
  return Object.fromEntries(Object.entries(dictionary).map(([key, text]) => [`${prefix}${key}`, text])) as { [K in keyof D & string as `${P}${K}`]: string };
}
