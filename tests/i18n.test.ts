import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';
import { en } from '../renderer/i18n/en';
import { fr } from '../renderer/i18n/fr';
import { REPO_ROOT } from './helpers/temp-dir';

/**
 * The UI's catalogue, French and English: the same keys, each with the same placeholders; and no
 * screen of the renderer shows a word that is not in it.
 */
const TRANSLATED = ['renderer'];
/** Words that are the same in every language: the product's name, operating systems, example values. */
const ALLOWED = new Set(['Campaign Studio', 'iOS', 'Android', 'Clients Oran', '•', 'add_to_cart', 'RAMADAN', 'UTF-8', 'https://shop.example/promo', 'GMV', 'PNG', 'SVG']);
/** Attributes a user reads or hears. */
const READ_ATTRIBUTES = new Set(['aria-label', 'ariaLabel', 'title', 'placeholder', 'alt', 'label']);

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

function sourceFiles(path: string): string[] {
  const full = join(REPO_ROOT, path);
  if (full.endsWith('.tsx')) return [full];
  return readdirSync(full, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? sourceFiles(join(path, entry.name)) : entry.name.endsWith('.tsx') ? [join(full, entry.name)] : []));
}

/** Text a component shows as written: JSX text, and string literals in attributes people read. */
function literalsIn(text: string, fileName = 'probe.tsx'): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node)) {
      const text = node.getText().trim();
      if (/\p{L}/u.test(text) && !ALLOWED.has(text)) found.push(text);
    }
    if (ts.isJsxAttribute(node) && READ_ATTRIBUTES.has(node.name.getText()) && node.initializer && ts.isStringLiteral(node.initializer)) {
      const text = node.initializer.text;
      if (/\p{L}/u.test(text) && !ALLOWED.has(text)) found.push(`${node.name.getText()}="${text}"`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('the UI catalogue', () => {
  test('French and English have the same keys, each with the same placeholders, none empty', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(placeholders(fr[key]), key).toEqual(placeholders(en[key]));
      expect(fr[key].trim(), key).not.toBe('');
    }
    // Plurals come in pairs.
    for (const key of Object.keys(en).filter((k) => k.endsWith('_one'))) expect(Object.keys(en)).toContain(key.replace(/_one$/, '_other'));
  });

  test('translated screens show no literal words: every one goes through the catalogue', () => {
    const files = TRANSLATED.flatMap(sourceFiles);
    expect(files.length).toBeGreaterThan(10);
    const literals = files.flatMap((file) => literalsIn(readFileSync(file, 'utf8'), file).map((text) => `${file.slice(REPO_ROOT.length + 1)}: ${text}`));
    expect(literals).toEqual([]);
  });

  test('the check finds a literal word when there is one, in text and in read attributes, and lets code and catalogue calls be', () => {
    expect(literalsIn('const x = <p title="Hello" className="row">Bonjour {name} {t(\'nav.flows\')}</p>;')).toEqual(['title="Hello"', 'Bonjour']);
    expect(literalsIn("const x = <p aria-label={t('nav.sections')}>{count} · 3</p>;")).toEqual([]);
  });
});
