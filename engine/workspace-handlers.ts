import type { workspaceMethods } from '../shared/rpc/workspace-methods';
import { schemaVersion } from './db/connection';
import type { Jobs } from './dispatch';
import type { EngineServices, HandlersOf } from './handler-types';
import { readSettings, writeSettings } from './settings';

/** shared/rpc/workspace-methods.ts: what is open, its settings, cancelling a long job. */
export function workspaceHandlers({ ws, writeLock, now, emit }: EngineServices, appVersion: string, jobs: Jobs): HandlersOf<typeof workspaceMethods> {
  return {
    'app/info': () => {
      const schema = schemaVersion(ws.sqlite);
      return { appVersion, dataFile: ws.dataFile, schemaVersion: schema.latest, migrationsApplied: schema.count, timeZone: readSettings(ws).timeZone };
    },
    'settings/get': () => readSettings(ws),
    'settings/update': (input) =>
      writeLock.run(async () => {
        // A demo stays a demo: its made-up customers' numbers could be real ones.
        const { demo, ...changes } = input;
        const settings = writeSettings(ws, demo ? { ...changes, demo } : changes, now());
        emit({ type: 'data/changed', topic: 'settings' });
        return settings;
      }),
    'jobs/cancel': (input) => jobs.cancel(input.jobId),
  };
}
