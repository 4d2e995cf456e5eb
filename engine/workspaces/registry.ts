import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkspaceEntry, WorkspaceList } from '../../shared/rpc/workspaces-methods';
import { EngineError } from '../errors';

/**
 * The workspaces of one data folder, named in `workspaces.json` beside them. The folder's own
 * database is the first workspace ("default", so folders made before workspaces existed open as
 * they were); every other one has a folder of its own under `workspaces/<id>/`, holding its
 * database, its secret key and its uploads.
 */
export const DEFAULT_WORKSPACE_ID = 'default';
const REGISTRY_FILE = 'workspaces.json';

export function workspaceFolder(dataDir: string, id: string): string {
  return id === DEFAULT_WORKSPACE_ID ? dataDir : join(dataDir, 'workspaces', id);
}

export function readRegistry(dataDir: string): WorkspaceList {
  const file = join(dataDir, REGISTRY_FILE);
  const fallback: WorkspaceList = { current: DEFAULT_WORKSPACE_ID, workspaces: [{ id: DEFAULT_WORKSPACE_ID, name: 'My workspace', demo: false }] };
  if (!existsSync(file)) return fallback;
  try {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as WorkspaceList;
    if (!Array.isArray(stored.workspaces) || !stored.workspaces.some((w) => w.id === DEFAULT_WORKSPACE_ID)) return fallback;
    const current = stored.workspaces.some((w) => w.id === stored.current) ? stored.current : DEFAULT_WORKSPACE_ID;
    return { current, workspaces: stored.workspaces };
  } catch (error) {
    throw new EngineError('db_corrupt', `${file} cannot be read (${String(error)}); fix or remove it (the workspaces' folders are left as they are).`);
  }
}

/** Written whole to a temporary file and renamed over the old one, so a crash leaves one or the other. */
export function writeRegistry(dataDir: string, registry: WorkspaceList): void {
  const file = join(dataDir, REGISTRY_FILE);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(registry, null, 2)}\n`, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

/** An id made from the name (lower case, dashes), unique in the folder. */
export function newWorkspaceId(dataDir: string, registry: WorkspaceList, name: string): string {
  const base =
    name
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'workspace';
  const taken = (id: string) => id === DEFAULT_WORKSPACE_ID || registry.workspaces.some((w) => w.id === id) || existsSync(workspaceFolder(dataDir, id));
  let id = base;
  for (let n = 2; taken(id); n++) id = `${base}-${n}`;
  return id;
}

export function findWorkspace(registry: WorkspaceList, idOrName: string): WorkspaceEntry {
  const found = registry.workspaces.find((w) => w.id === idOrName) ?? registry.workspaces.find((w) => w.name.toLowerCase() === idOrName.toLowerCase());
  if (!found) throw new EngineError('not_found', `No workspace is called "${idOrName}". Known: ${registry.workspaces.map((w) => `${w.name} (${w.id})`).join(', ')}.`, { field: 'workspace' });
  return found;
}

export function ensureFolder(dataDir: string, id: string): string {
  const folder = workspaceFolder(dataDir, id);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  return folder;
}
