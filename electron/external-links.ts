/**
 * The only way out of the app window: a link the user clicked (a `target="_blank"` anchor opens as a
 * tab disposition; a script's window.open() comes as 'new-window' and is refused) to an http(s)
 * address without credentials in it. Everything else — file:, javascript:, custom schemes that
 * would start another program — stays closed.
 */
export interface WindowOpenRequest {
  url: string;
  disposition: string;
}

const CLICKED = new Set(['foreground-tab', 'background-tab']);

export function externalLinkToOpen(request: WindowOpenRequest): string | null {
  if (!CLICKED.has(request.disposition)) return null;
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.username !== '' || url.password !== '') return null;
  return url.toString();
}
