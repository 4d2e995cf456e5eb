import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
// @ts-expect-error: a plain ES module script with no type declarations
import { effectiveBuilderConfig } from '../scripts/package-config.mjs';
import { makeTempDir } from './helpers/temp-dir';

const root = join(import.meta.dirname, '..');

/**
 * The desktop package, as far as these machines can go (Electron's runtime cannot be downloaded):
 * the configuration `npm run package` hands electron-builder is loaded and validated by
 * electron-builder's own code, and names files the build produces.
 */
describe('npm run package: the electron-builder configuration', () => {
  test('is valid for electron-builder, ships the built app, keeps native code out of the archive and flips the fuses', async () => {
    const { config, missing } = (await effectiveBuilderConfig()) as { config: Record<string, unknown>; missing: string[] };
    expect(missing).toEqual([]);
    expect(config).toMatchObject({
      appId: 'app.campaign-studio.desktop',
      // Normalised by electron-builder into one file set: the built app without its source maps.
      files: [{ filter: ['dist/**/*', '!dist/**/*.map', 'package.json'] }],
      asar: true,
      asarUnpack: ['node_modules/better-sqlite3/**'],
      extraResources: expect.arrayContaining([expect.objectContaining({ from: '.electron-native', to: 'native' })]),
      npmRebuild: false,
      electronFuses: { runAsNode: false, enableNodeOptionsEnvironmentVariable: false, enableNodeCliInspectArguments: false, onlyLoadAppFromAsar: true },
    });
    // The app's entry is the built main process, as package.json says.
    expect(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).main).toBe('dist/electron/main.cjs');
  });

  test('a mistake in the configuration is refused, naming the option, before any long step runs', () => {
    const temp = makeTempDir();
    try {
      const file = join(temp.dir, 'electron-builder.yml');
      writeFileSync(file, readFileSync(join(root, 'electron-builder.yml'), 'utf8').replace('asarUnpack:', 'asarUnpak:'));
      const run = spawnSync(process.execPath, [join(root, 'scripts/package-config.mjs'), file], { cwd: root, encoding: 'utf8' });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain("configuration has an unknown property 'asarUnpak'");
    } finally {
      temp.cleanup();
    }
  });

  test('npm run package checks the configuration first, then builds native code and packages (npm run package -- --dir for an unpacked app)', () => {
    const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts as Record<string, string>;
    const steps = scripts['package']!.split(' && ');
    expect(steps).toEqual(['node scripts/build.mjs', 'node scripts/package-config.mjs', 'node scripts/rebuild-native-for-electron.mjs', 'electron-builder --config electron-builder.yml']);
  });
});
