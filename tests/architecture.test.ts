import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { REPO_ROOT } from './helpers/temp-dir';

/**
 * The layout's one rule: renderer, engine and electron may import shared; shared imports nothing of
 * ours; nothing imports renderer; engine and electron never import each other (electron starts the
 * engine's bundle by path). Migrations belong to the engine. This test reads every import.
 */
const LAYERS = ['shared', 'engine', 'renderer', 'electron', 'migrations'] as const;
type Layer = (typeof LAYERS)[number];
const ALLOWED: Record<Layer, readonly Layer[]> = {
  shared: [],
  engine: ['shared', 'migrations'],
  migrations: [],
  renderer: ['shared'],
  electron: ['shared'],
};
/** Packages a layer may not use even indirectly named: the renderer runs without Node, shared runs anywhere. */
const FORBIDDEN_PACKAGES: Record<Layer, RegExp | null> = {
  shared: /^(node:|electron$|better-sqlite3$|react)/,
  engine: /^(electron$|react)/,
  migrations: /^(node:|electron$)/,
  renderer: /^(node:|electron$|better-sqlite3$|kysely$)/,
  electron: /^(better-sqlite3$|kysely$|react)/,
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

const IMPORT = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g;

function importViolations(root: string): string[] {
  const violations: string[] = [];
  for (const layer of LAYERS) {
    for (const file of sourceFiles(join(root, layer))) {
      const source = readFileSync(file, 'utf8');
      for (const match of source.matchAll(IMPORT)) {
        const specifier = match[1] ?? match[2] ?? match[3] ?? '';
        const where = relative(root, file);
        if (specifier.startsWith('.')) {
          const target = relative(root, resolve(dirname(file), specifier)).split(/[\\/]/)[0] as Layer;
          if (target !== layer && !ALLOWED[layer].includes(target)) {
            violations.push(`${where} imports ${specifier} (${layer} -> ${target} is not allowed)`);
          }
        } else if (FORBIDDEN_PACKAGES[layer]?.test(specifier)) {
          violations.push(`${where} imports the package ${specifier}, which ${layer}/ must not use`);
        }
      }
    }
  }
  return violations;
}

describe('layout', () => {
  test('imports point only renderer -> shared, engine -> shared, electron -> shared', () => {
    expect(importViolations(REPO_ROOT)).toEqual([]);
  });

  test('the rule catches an import that crosses the wrong way', async () => {
    const { mkdirSync, writeFileSync } = await import('node:fs');
    const { makeTempDir } = await import('./helpers/temp-dir');
    const temp = makeTempDir();
    try {
      for (const layer of LAYERS) mkdirSync(join(temp.dir, layer));
      writeFileSync(join(temp.dir, 'renderer', 'bad.ts'), "import { openWorkspace } from '../engine/db';\n");
      writeFileSync(join(temp.dir, 'shared', 'bad.ts'), "import { readFileSync } from 'node:fs';\n");
      writeFileSync(join(temp.dir, 'electron', 'bad.ts'), "export { createEngine } from '../engine/app';\n");
      const violations = importViolations(temp.dir);
      expect(violations).toHaveLength(3);
      expect(violations.join('\n')).toContain('renderer -> engine');
      expect(violations.join('\n')).toContain('node:fs');
      expect(violations.join('\n')).toContain('electron -> engine');
    } finally {
      temp.cleanup();
    }
  });
});
