import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../shared/rpc/bridge';
import { CONTENT_SECURITY_POLICY } from '../shared/security/content-security-policy';
import { makeTempDir } from './helpers/temp-dir';

/**
 * The desktop shell's wiring, with a stand-in for the `electron` module (Electron's runtime cannot
 * be downloaded on these machines): what electron/main.ts asks of Electron is recorded, and the
 * handlers it registers are called as Electron would call them.
 */
const world = vi.hoisted(() => {
  // biome-ignore lint/suspicious/noExplicitAny: a stand-in records whatever the shell hands it
  type Any = any;
  const { EventEmitter: Emitter } = require('node:events') as typeof import('node:events');
  const state = {
    userData: '',
    appPath: '',
    ready: null as null | (() => void),
    appEvents: new Map<string, Any>(),
    windows: [] as Any[],
    protocolHandler: null as null | ((request: Request) => Promise<Response>),
    privileged: [] as Any[],
    ipcHandlers: new Map<string, Any>(),
    permissionRequest: null as Any,
    permissionCheck: null as Any,
    forks: [] as Any[],
    encryption: { available: true, backend: 'gnome_libsecret' },
  };
  class StandInContents extends Emitter {
    sent: [string, unknown][] = [];
    openHandler: Any = null;
    send(channel: string, payload: unknown) {
      this.sent.push([channel, payload]);
    }
    setWindowOpenHandler(handler: Any) {
      this.openHandler = handler;
    }
  }
  class StandInWindow extends Emitter {
    static getAllWindows = () => state.windows;
    webContents = new StandInContents();
    loaded: string | null = null;
    constructor(public options: Any) {
      super();
      state.windows.push(this);
    }
    loadURL(url: string) {
      this.loaded = url;
      return Promise.resolve();
    }
    show() {}
    isMinimized() {
      return false;
    }
    focus() {}
  }
  const electron = {
    app: {
      getAppPath: () => state.appPath,
      getPath: () => state.userData,
      getVersion: () => '9.9.9',
      isPackaged: false,
      requestSingleInstanceLock: () => true,
      quit: () => {},
      on: (name: string, listener: Any) => state.appEvents.set(name, listener),
      whenReady: () => new Promise<void>((resolve) => (state.ready = resolve)),
    },
    BrowserWindow: StandInWindow,
    dialog: { showErrorBox: () => {} },
    ipcMain: { handle: (channel: string, handler: Any) => state.ipcHandlers.set(channel, handler) },
    net: { fetch: async (url: string) => new Response(require('node:fs').readFileSync(new URL(url)), { headers: { 'content-type': 'text/html' } }) },
    protocol: {
      registerSchemesAsPrivileged: (schemes: Any) => state.privileged.push(...schemes),
      handle: (_scheme: string, handler: Any) => (state.protocolHandler = handler),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (handler: Any) => (state.permissionRequest = handler),
        setPermissionCheckHandler: (handler: Any) => (state.permissionCheck = handler),
      },
    },
    shell: { openExternal: vi.fn(async () => {}) },
    utilityProcess: {
      fork: (entry: string, args: string[], options: Any) => {
        const child = Object.assign(new Emitter(), { entry, args, options, posted: [] as Any[], killed: false });
        Object.assign(child, {
          postMessage: (message: Any) => child.posted.push(message),
          kill: () => {
            child.killed = true;
          },
        });
        state.forks.push(child);
        return child;
      },
    },
    safeStorage: {
      isEncryptionAvailable: () => state.encryption.available,
      getSelectedStorageBackend: () => state.encryption.backend,
      encryptString: (text: string) => Buffer.from(`sealed:${Buffer.from(text).toString('base64')}`),
      decryptString: (sealed: Buffer) => Buffer.from(sealed.toString().replace(/^sealed:/, ''), 'base64').toString(),
    },
  };
  return { state, electron, StandInContents };
});

vi.mock('electron', () => ({ ...world.electron, default: world.electron }));

const temp = makeTempDir('campaign-studio-electron-');
const { state } = world;

beforeAll(async () => {
  state.appPath = join(temp.dir, 'app');
  state.userData = join(temp.dir, 'user-data');
  mkdirSync(join(state.appPath, 'dist', 'renderer'), { recursive: true });
  writeFileSync(join(state.appPath, 'dist', 'renderer', 'index.html'), '<!doctype html><title>Campaign Studio</title>');
  await import('../electron/main');
  state.ready!();
  // The engine process says it opened the workspace: the window comes next.
  await vi.waitFor(() => expect(state.forks).toHaveLength(1));
  state.forks[0].emit('message', { type: 'ready', dataFile: join(state.userData, 'campaign-studio.db') });
  await vi.waitFor(() => expect(state.windows).toHaveLength(1));
});
afterAll(() => temp.cleanup());

describe('the desktop shell, wired to a stand-in Electron', () => {
  test('the window: context isolation, sandbox, no Node, web security, no middle-click windows; it loads the app:// renderer', () => {
    const [window] = state.windows;
    expect(window.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, disableBlinkFeatures: 'Auxclick' });
    expect(window.options.webPreferences.preload).toMatch(/preload\.cjs$/);
    expect(window.loaded).toBe('app://renderer/index.html');
    expect(state.privileged).toEqual([expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) })]);
  });

  test('the renderer is served with the strict CSP; paths out of it and other hosts get 404', async () => {
    const served = await state.protocolHandler!(new Request('app://renderer/index.html'));
    expect(served.status).toBe(200);
    expect(served.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await served.text()).toContain('Campaign Studio');
    // A path climbing out is normalised into the renderer folder, where no such file is.
    expect((await state.protocolHandler!(new Request('app://renderer/..%2f..%2f..%2fetc%2fpasswd'))).status).toBe(404);
    expect((await state.protocolHandler!(new Request('app://renderer/missing.js'))).status).toBe(404);
    expect((await state.protocolHandler!(new Request('app://elsewhere/index.html'))).status).toBe(404);
  });

  test('no navigation away, no webviews, no window but a clicked http(s) link (opened in the browser), no permissions', async () => {
    const contents = new world.StandInContents();
    state.appEvents.get('web-contents-created')({}, contents);
    const navigate = (name: string, url: string) => {
      const event = { preventDefault: vi.fn() };
      contents.emit(name, event, url);
      return event.preventDefault.mock.calls.length > 0;
    };
    expect(navigate('will-navigate', 'https://evil.example/')).toBe(true);
    expect(navigate('will-redirect', 'file:///etc/passwd')).toBe(true);
    expect(navigate('will-navigate', 'app://renderer/index.html')).toBe(false);
    const webview = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', webview);
    expect(webview.preventDefault).toHaveBeenCalled();
    expect(contents.openHandler({ url: 'https://shop.example/cart', disposition: 'foreground-tab' })).toEqual({ action: 'deny' });
    expect(world.electron.shell.openExternal).toHaveBeenCalledWith('https://shop.example/cart');
    expect(contents.openHandler({ url: 'javascript:alert(1)', disposition: 'foreground-tab' })).toEqual({ action: 'deny' });
    expect(contents.openHandler({ url: 'https://evil.example/', disposition: 'new-window' })).toEqual({ action: 'deny' });
    expect(world.electron.shell.openExternal).toHaveBeenCalledTimes(1);
    const granted = vi.fn();
    state.permissionRequest({}, 'media', granted);
    expect(granted).toHaveBeenCalledWith(false);
    expect(state.permissionCheck()).toBe(false);
  });

  test('the IPC relay answers only the app window, passes calls to the engine process and its answers and events back', async () => {
    const invoke = state.ipcHandlers.get(IPC_INVOKE_CHANNEL);
    await expect(invoke({ senderFrame: { url: 'https://evil.example/' } }, 'customers/count', {})).resolves.toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    await expect(invoke({ senderFrame: null }, 'customers/count', {})).resolves.toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    await expect(invoke({ senderFrame: { url: 'app://renderer/index.html' } }, 42, {})).resolves.toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const child = state.forks[0];
    const answer = invoke({ senderFrame: { url: 'app://renderer/index.html' } }, 'customers/count', {}, 'job-1');
    const request = child.posted.at(-1);
    expect(request).toMatchObject({ type: 'request', method: 'customers/count', input: {}, jobId: 'job-1' });
    child.emit('message', { type: 'response', id: request.id, result: { ok: true, value: { count: 48 } } });
    await expect(answer).resolves.toEqual({ ok: true, value: { count: 48 } });
    child.emit('message', { type: 'event', event: { type: 'data/changed', topic: 'customers' } });
    expect(state.windows[0].webContents.sent).toContainEqual([IPC_EVENT_CHANNEL, { type: 'data/changed', topic: 'customers' }]);
  });

  test('the engine runs in a utility process given its config and, first, its secret key; a crash fails pending calls with the reason and starts it again', async () => {
    const child = state.forks[0];
    expect(child.entry).toMatch(/dist[/\\]engine-utility\.cjs$/);
    const config = JSON.parse(child.options.env.CAMPAIGN_STUDIO_ENGINE_CONFIG);
    expect(config).toMatchObject({ dataDir: state.userData, appVersion: '9.9.9' });
    expect(child.posted[0]).toMatchObject({ type: 'secret-key', key: expect.any(String) });
    // The key was sealed with safeStorage in the data folder, never written in clear.
    const sealed = readFileSync(join(state.userData, 'secret.key.safestorage'), 'utf8');
    expect(sealed).not.toContain(child.posted[0].key);
    const invoke = state.ipcHandlers.get(IPC_INVOKE_CHANNEL);
    const pending = invoke({ senderFrame: { url: 'app://renderer/index.html' } }, 'customers/count', {});
    child.emit('exit', 9);
    await expect(pending).resolves.toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringContaining('exit code 9') } });
    // Started again, with its key first; the next call goes to the new process.
    expect(state.forks).toHaveLength(2);
    const again = state.forks[1];
    expect(again.posted[0]).toEqual(child.posted[0]);
    again.emit('message', { type: 'ready', dataFile: 'x' });
    const next = invoke({ senderFrame: { url: 'app://renderer/index.html' } }, 'customers/count', {});
    const request = again.posted.at(-1);
    again.emit('message', { type: 'response', id: request.id, result: { ok: true, value: { count: 1 } } });
    await expect(next).resolves.toEqual({ ok: true, value: { count: 1 } });
    // An engine that keeps crashing is left stopped: three restarts a minute at most.
    for (let crash = 0; crash < 3; crash++) {
      const current = state.forks.at(-1);
      current.emit('message', { type: 'ready', dataFile: 'x' });
      current.emit('exit', 1);
    }
    expect(state.forks).toHaveLength(4);
    // Quitting stops the engine, and a stop is not a crash.
    state.appEvents.get('before-quit')();
    expect(state.forks.at(-1).killed).toBe(true);
    state.forks.at(-1).emit('exit', 0);
    expect(state.forks).toHaveLength(4);
  });

  test('secrets: the sealed key opens again; "basic_text" (no keyring) and no encryption are refused with what to do', async () => {
    const { desktopSecretKey } = await import('../electron/secret-key');
    const first = state.forks[0].posted[0].key as string;
    expect(desktopSecretKey(state.userData)).toEqual({ type: 'secret-key', key: first });
    const original = process.platform;
    Object.defineProperty(process, 'platform', { value: 'linux' });
    try {
      state.encryption.backend = 'basic_text';
      expect(desktopSecretKey(state.userData)).toMatchObject({ type: 'secret-key', refused: expect.stringContaining('basic_text') });
      state.encryption = { available: false, backend: 'gnome_libsecret' };
      expect(desktopSecretKey(state.userData)).toMatchObject({ refused: expect.stringContaining('keyring') });
    } finally {
      Object.defineProperty(process, 'platform', { value: original });
      state.encryption = { available: true, backend: 'gnome_libsecret' };
    }
  });
});
