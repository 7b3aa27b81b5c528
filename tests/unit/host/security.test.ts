import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BRIDGE_IPC_CHANNEL, BRIDGE_METHODS } from '../../../src-shared/bridge-contract.js';
import { PRELOAD_IPC_CHANNEL, PRELOAD_METHODS } from '../../../src-main/electron/preload-contract.js';
import { injectTokenMeta } from '../../../src-main/bridge/http-bridge.js';
import { parsePort } from '../../../src-main/browser-mode.js';
import { APP_ENTRY_URL, isAllowedAppUrl } from '../../../src-main/security/app-url.js';
import { isAllowedHost, isAllowedOrigin, tokensEqual } from '../../../src-main/security/request-guards.js';
import { appRequestPath } from '../../../src-main/static/app-request-path.js';
import { resolveStaticTarget } from '../../../src-main/static/static-path.js';
import { fitsReceiptCodePage, toReceiptText } from '../../../src-main/printer/receipt-charset.js';
import { formatDateTime } from '../../../src-shared/format.js';
import { RECEIPT_TEXT } from '../../../src-main/printer/receipt-text.js';

describe('isAllowedAppUrl (navigation and IPC sender check)', () => {
  it.each([APP_ENTRY_URL, 'app://kiosk/', 'app://kiosk/services/42?q=1#top'])('allows %s', (url) => {
    expect(isAllowedAppUrl(url)).toBe(true);
  });

  it.each([
    'app://kiosk',
    'app://kiosk.evil/',
    'app://kiosk@evil/',
    'app://kiosk:80/',
    'app://other/index.html',
    'https://kiosk/',
    'http://127.0.0.1:5180/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'about:blank',
    '',
    null,
    undefined,
  ])('refuses %s', (url) => {
    expect(isAllowedAppUrl(url)).toBe(false);
  });
});

describe('appRequestPath (Electron app:// handler)', () => {
  it('gives the path of app://kiosk requests only', () => {
    expect(appRequestPath('app://kiosk/index.html')).toBe('/index.html');
    expect(appRequestPath('app://kiosk/assets/a.js?v=1')).toBe('/assets/a.js');
    expect(appRequestPath('app://other/index.html')).toBeUndefined();
    expect(appRequestPath('https://kiosk/index.html')).toBeUndefined();
    expect(appRequestPath('not a url')).toBeUndefined();
  });
});

describe('resolveStaticTarget', () => {
  const root = path.resolve('/srv/renderer');

  it('maps / and extensionless routes to index.html candidates', () => {
    expect(resolveStaticTarget(root, '/')).toEqual({
      ok: true,
      file: path.join(root, 'index.html'),
      spaFallback: true,
    });
    expect(resolveStaticTarget(root, '/services/42')).toMatchObject({ ok: true, spaFallback: true });
    expect(resolveStaticTarget(root, '/assets/a.js')).toEqual({
      ok: true,
      file: path.join(root, 'assets', 'a.js'),
      spaFallback: false,
    });
  });

  it.each([
    '/../x',
    '/a/../../x',
    '/%2e%2e/x',
    '/a/%2e%2e%2f%2e%2e%2fx',
    '/..%5cx',
    '//etc/passwd',
    '/%00',
    '/%zz',
    '/C:/x',
  ])('refuses %s', (p) => {
    expect(resolveStaticTarget(root, p).ok).toBe(false);
  });
});

describe('http bridge request guards', () => {
  it('allows only the loopback names of our own port as Host', () => {
    expect(isAllowedHost('127.0.0.1:5180', 5180)).toBe(true);
    expect(isAllowedHost('LOCALHOST:5180', 5180)).toBe(true);
    expect(isAllowedHost('127.0.0.1:5181', 5180)).toBe(false);
    expect(isAllowedHost('127.0.0.1', 5180)).toBe(false);
    expect(isAllowedHost('evil.example:5180', 5180)).toBe(false);
    expect(isAllowedHost(undefined, 5180)).toBe(false);
  });

  it('allows a missing Origin or exactly our own', () => {
    expect(isAllowedOrigin(undefined, '127.0.0.1:5180')).toBe(true);
    expect(isAllowedOrigin('http://127.0.0.1:5180', '127.0.0.1:5180')).toBe(true);
    expect(isAllowedOrigin('http://localhost:5180', '127.0.0.1:5180')).toBe(false);
    expect(isAllowedOrigin('null', '127.0.0.1:5180')).toBe(false);
    expect(isAllowedOrigin('https://127.0.0.1:5180', '127.0.0.1:5180')).toBe(false);
  });

  it('compares tokens exactly, whatever their length', () => {
    expect(tokensEqual('abc', 'abc')).toBe(true);
    expect(tokensEqual('abd', 'abc')).toBe(false);
    expect(tokensEqual('abcd', 'abc')).toBe(false);
    expect(tokensEqual('', 'abc')).toBe(false);
    expect(tokensEqual(undefined, 'abc')).toBe(false);
  });

  it('puts the token meta inside <head>, or first when there is none', () => {
    expect(injectTokenMeta('<html><head lang="x"><title>t</title></head></html>', 'T')).toBe(
      '<html><head lang="x">\n    <meta name="tsonkh-session" content="T"><title>t</title></head></html>',
    );
    expect(injectTokenMeta('<p>x</p>', 'T')).toBe('<meta name="tsonkh-session" content="T">\n<p>x</p>');
  });
});

describe('parsePort (TSONKH_KIOSK_PORT)', () => {
  it('defaults to 5180, allows 0, refuses anything else', () => {
    expect(parsePort(undefined)).toBe(5180);
    expect(parsePort('')).toBe(5180);
    expect(parsePort('0')).toBe(0);
    expect(parsePort('8081')).toBe(8081);
    for (const bad of ['-1', '65536', '80.5', 'abc']) expect(() => parsePort(bad)).toThrow(/TSONKH_KIOSK_PORT/);
  });
});

describe('receipt text', () => {
  it('keeps every Mongolian and Kazakh letter as it is', () => {
    const letters = 'АБВГДЕЁЖЗИЙКЛМНОӨПРСТУҮФХЦЧШЩЪЫЬЭЮЯ абвгдеёжзийклмноөпрстуүфхцчшщъыьэюя ӘәҒғҚқҢңҰұҺһІі';
    expect(toReceiptText(letters)).toBe(letters);
    expect(fitsReceiptCodePage(letters)).toBe(true);
  });

  it('prints accented Latin letters as their base letter and removes controls', () => {
    expect(toReceiptText('Ölgii\u00a0soum')).toBe('Olgii soum');
    expect(toReceiptText('a\u001bb\nc\u200bd')).toBe('ab cd');
  });

  it('has wording for every language that fits the code page', () => {
    for (const text of Object.values(RECEIPT_TEXT)) {
      for (const line of [text.trackingLabel, text.keepReceipt, ...Object.values(text.heading)]) {
        expect(fitsReceiptCodePage(line), line).toBe(true);
      }
    }
  });

  it('formats time as YYYY.MM.DD HH:mm in Ulaanbaatar', () => {
    expect(formatDateTime(new Date('2026-11-26T06:05:00Z'), 'mn')).toBe('2026.11.26 14:05');
    expect(formatDateTime(new Date('2026-12-31T16:00:00Z'), 'mn')).toBe('2027.01.01 00:00');
  });
});

describe('preload contract', () => {
  it('forwards exactly the contract methods on the contract channel', () => {
    expect([...PRELOAD_METHODS].sort()).toEqual([...BRIDGE_METHODS].sort());
    expect(PRELOAD_IPC_CHANNEL).toBe(BRIDGE_IPC_CHANNEL);
  });
});
