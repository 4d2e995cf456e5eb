import { app, BrowserWindow, dialog, ipcMain, net, protocol } from 'electron';
import { existsSync, mkdirSync } from 'node:fs';
import { join, normalize, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../shared/rpc/bridge';
import type { RpcResult } from '../shared/rpc/envelope';
import { startEngineHost, type EngineHost } from './engine-host';
import { desktopSecretKey } from './secret-key';
import { CONTENT_SECURITY_POLICY } from '../shared/security/content-security-policy';
import { APP_ORIGIN, APP_SCHEME, hardenSession, isTrustedSender } from './security';

/**
 * The desktop shell, kept thin: a hardened window, the app:// protocol serving the built renderer,
 * and a relay between the window and the engine's utility process. No database work happens here.
 */
const appRoot = app.getAppPath();
const rendererDir = join(appRoot, 'dist', 'renderer');

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

function serveRenderer(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const relative = normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '') || 'index.html';
    const file = join(rendererDir, relative);
    // Only files of the built renderer: another host, a path climbing out (normalised away) or a missing file is not found.
    if (url.host !== 'renderer' || !file.startsWith(rendererDir + sep) || !existsSync(file)) {
      return new Response('Not found', { status: 404 });
    }
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
}

function nativeBindingPath(): string {
  if (process.env.CAMPAIGN_STUDIO_SQLITE_BINDING) return process.env.CAMPAIGN_STUDIO_SQLITE_BINDING;
  return app.isPackaged ? join(process.resourcesPath, 'native', 'better_sqlite3.node') : join(appRoot, '.electron-native', 'better_sqlite3.node');
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    show: false,
    title: 'Campaign Studio',
    webPreferences: {
      preload: join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      // A middle click would open a link in a new window, past the window-open handler's checks.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(`${APP_ORIGIN}/index.html`);
  return window;
}

function relayToEngine(engine: EngineHost): void {
  ipcMain.handle(IPC_INVOKE_CHANNEL, async (event, method: unknown, input: unknown, jobId: unknown): Promise<RpcResult<unknown>> => {
    if (!isTrustedSender(event.senderFrame?.url)) {
      return { ok: false, error: { code: 'unauthorized', message: 'Calls are accepted only from the app window.' } };
    }
    if (typeof method !== 'string' || (jobId !== undefined && typeof jobId !== 'string')) {
      return { ok: false, error: { code: 'invalid_input', message: 'method must be a string and jobId a string when given.' } };
    }
    return engine.invoke(method, input, jobId);
  });
  engine.onEvent((engineEvent) => {
    for (const window of BrowserWindow.getAllWindows()) window.webContents.send(IPC_EVENT_CHANNEL, engineEvent);
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows();
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });

  void app.whenReady().then(async () => {
    hardenSession();
    serveRenderer();
    const dataDir = app.getPath('userData');
    mkdirSync(dataDir, { recursive: true });
    const engine = startEngineHost(
      join(appRoot, 'dist', 'engine-utility.cjs'),
      {
        dataDir,
        assetsDir: app.isPackaged ? join(process.resourcesPath, 'assets') : join(appRoot, 'assets'),
        appVersion: app.getVersion(),
        nativeBinding: nativeBindingPath(),
        customerRowsWorker: join(appRoot, 'dist', 'customer-rows-worker.cjs'),
        httpWorker: join(appRoot, 'dist', 'http-worker.cjs'),
      },
      desktopSecretKey(dataDir),
    );
    relayToEngine(engine);
    try {
      await engine.ready;
    } catch (error) {
      dialog.showErrorBox('Campaign Studio cannot open its workspace', (error as Error).message);
      app.quit();
      return;
    }
    createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow();
    });
    app.on('before-quit', () => engine.stop());
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
