import type { workspacesMethods } from '../../shared/rpc/workspaces-methods';
import { EngineError } from '../errors';
import type { HandlersOf } from '../handler-types';

/**
 * An engine opened on one workspace (a script, a test) cannot open another: the methods that
 * manage the data folder's workspaces are answered by the host that serves the folder
 * (engine/workspaces/workspace-host.ts), and refused here with the way to reach them.
 */
export function singleWorkspaceHandlers(): HandlersOf<typeof workspacesMethods> {
  const refuse = (): never => {
    throw new EngineError('conflict', 'This engine serves one workspace; workspaces, the demo and forecasts are managed by the app (web mode or the desktop app).');
  };
  return {
    'workspaces/list': refuse,
    'workspaces/create': refuse,
    'workspaces/open': refuse,
    'workspaces/rename': refuse,
    'workspaces/duplicate': refuse,
    'workspaces/delete': refuse,
    'demo/create': refuse,
    'demo/reset': refuse,
    'forecast/run': refuse,
  };
}
