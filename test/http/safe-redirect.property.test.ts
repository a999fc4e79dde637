import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeReturnPath } from '../../src/http/safe-redirect.ts';
import { HOSTILE_RETURN_PATHS } from '../support/hostile-paths.ts';

const BASE = 'https://hutong.example/sign-in';
const FALLBACK = '/fallback';

/** Where a browser would go for a Location header, and for each percent-decoding of it (a proxy or a second hop may decode). */
function originsOf(location: string): string[] {
  const origins = [new URL(location, BASE).origin];
  let layer = location;
  for (let i = 0; i < 6; i++) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(layer);
    } catch {
      break;
    }
    if (decoded === layer) break;
    layer = decoded;
    origins.push(new URL(layer, BASE).origin);
  }
  return origins;
}

const PIECES = [
  '/',
  '\\',
  '//',
  '%2F',
  '%2f',
  '%5C',
  '%5c',
  '%25',
  '%252F',
  '%255C',
  'evil.example',
  'https:',
  'javascript:',
  'alert(1)',
  ':',
  '@',
  '.',
  '..',
  '?',
  '#',
  '\t',
  '\n',
  '\r',
  ' ',
  '\u0000',
  '\u3000',
  'console',
  'x',
];
const hostile = fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 8 }).map((parts) => parts.join(''));

describe('safeReturnPath', () => {
  it('refuses every known way out of the site', () => {
    for (const value of HOSTILE_RETURN_PATHS) expect(safeReturnPath(value, FALLBACK), JSON.stringify(value)).toBe(FALLBACK);
  });

  it('keeps ordinary paths on this site, with their query strings', () => {
    for (const value of [
      '/',
      '/console',
      '/console/integrations?storefront=eleme&wallet=wechat-pay',
      '/review?asOf=2021-10-15',
      '/shop/eleme/checkout',
    ]) {
      expect(safeReturnPath(value, FALLBACK)).toBe(value);
    }
  });

  it('refuses anything that is not a string', () => {
    for (const value of [undefined, null, 42, ['/console'], { toString: () => '/console' }])
      expect(safeReturnPath(value, FALLBACK)).toBe(FALLBACK);
  });

  it('never returns a path that leads a browser to another origin, however it is assembled or encoded', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          hostile,
          fc.string(),
          fc.string().map((s) => `/${s}`),
        ),
        (value) => {
          const result = safeReturnPath(value, FALLBACK);
          if (result === FALLBACK) return;
          expect(result).toBe(value);
          expect(result.startsWith('/')).toBe(true);
          for (const origin of originsOf(result)) expect(origin).toBe('https://hutong.example');
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('refuses every value with a backslash, a double slash or a control character in any decoding', () => {
    fc.assert(
      fc.property(hostile, (value) => {
        if (!/\\|\/\/|%5c|%2f%2f|[\x00-\x20]/i.test(value)) return;
        const decodedAll = (() => {
          try {
            return decodeURIComponent(decodeURIComponent(decodeURIComponent(value)));
          } catch {
            return '\\';
          }
        })();
        if (/\\|\/\/|[\x00-\x20]/.test(decodedAll) || /\\|\/\/|[\x00-\x20]/.test(value))
          expect(safeReturnPath(value, FALLBACK)).toBe(FALLBACK);
      }),
      { numRuns: 1000 },
    );
  });
});
