import { app, session, shell, type WebContents } from 'electron';
import { externalLinkToOpen } from './external-links';

export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://renderer`;

/** True only for frames showing our own renderer; every IPC message is checked against it. */
export function isTrustedSender(url: string | undefined): boolean {
  return typeof url === 'string' && url.startsWith(`${APP_ORIGIN}/`);
}

/** No navigation away from the app, no new windows, no webviews, no permissions. */
export function hardenContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isTrustedSender(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isTrustedSender(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler((details) => {
    // A link the user clicked opens in their browser, never inside the app; nothing else opens.
    const external = externalLinkToOpen(details);
    if (external !== null) void shell.openExternal(external);
    return { action: 'deny' };
  });
}

export function hardenSession(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_event, contents) => hardenContents(contents));
}
