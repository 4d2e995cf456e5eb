import { describe, expect, test } from 'vitest';
import { externalLinkToOpen } from '../electron/external-links';

describe('links leaving the desktop window', () => {
  test('an http(s) link the user clicked opens in the browser', () => {
    expect(externalLinkToOpen({ url: 'https://docs.campaign-studio.example/flows', disposition: 'foreground-tab' })).toBe('https://docs.campaign-studio.example/flows');
    expect(externalLinkToOpen({ url: 'http://shop.example/c', disposition: 'background-tab' })).toBe('http://shop.example/c');
  });

  test.each([
    ['file:///etc/passwd', 'foreground-tab'],
    ['javascript:alert(1)', 'foreground-tab'],
    ['ms-msdt:/id PCWDiagnostic', 'foreground-tab'],
    ['smb://attacker/share', 'foreground-tab'],
    ['https://user:pass@evil.example/', 'foreground-tab'],
    ['not a url', 'foreground-tab'],
    // A script's window.open(), not a click.
    ['https://evil.example/', 'new-window'],
  ])('%s (%s) stays closed', (url, disposition) => {
    expect(externalLinkToOpen({ url, disposition })).toBeNull();
  });
});
