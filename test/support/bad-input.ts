import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { checkDatabase } from '../../src/db/consistency.ts';
import type { Db } from '../../src/db/open.ts';
import { serverSecret } from '../../src/db/settings.ts';
import { csrfTokenFor } from '../../src/http/csrf.ts';
import { sandboxOwnedByKey } from './sandboxes.ts';
import { apiTokenFor, sessionFor } from './sessions.ts';
import { newWorld } from './world.ts';

/** Every route of the app, with the fields its schema reads (the fuzzer also invents others). */
export interface RouteSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  fields?: string[];
  /** Fields whose values must stay malformed (a well-formed password would cost a real scrypt per input). */
  malformedOnly?: string[];
  /** Served only inside a sandbox: sent under /sandboxes/<id>. */
  inSandbox?: true;
}

const TRANSITION_FIELDS = [
  'expectedVersion',
  'reason',
  'effectiveAt',
  'rolloutPercent',
  'channels',
  'minAmount',
  'maxAmount',
  'displayOrder',
];
const TIMELINE_FIELDS = ['storefront', 'wallet', 'verb', 'actor', 'from', 'to', 'cursor', 'limit'];
const MATRIX_FIELDS = ['asOf', 'group', 'state', 'page'];
const LINK_MATRIX_FIELDS = ['asOf', 'host', 'surface', 'platform'];

/** The JSON API's routes (the rest are pages and forms). */
export const isApiRoute = (route: RouteSpec): boolean => route.path.startsWith('/api/');

export const ROUTES: RouteSpec[] = [
  { method: 'GET', path: '/' },
  { method: 'GET', path: '/shop/:slug' },
  { method: 'POST', path: '/shop/:slug/cart', fields: ['productId', 'quantity'] },
  { method: 'GET', path: '/shop/:slug/cart' },
  { method: 'POST', path: '/shop/:slug/cart/:productId', fields: ['quantity'] },
  { method: 'GET', path: '/shop/:slug/checkout', fields: ['channel'] },
  { method: 'POST', path: '/shop/:slug/orders', fields: ['channel', 'wallet'] },
  { method: 'GET', path: '/orders' },
  { method: 'GET', path: '/orders/:id' },
  { method: 'GET', path: '/orders/:id/pay' },
  { method: 'GET', path: '/orders/:id/qr.svg' },
  { method: 'POST', path: '/orders/:id/payments', fields: ['wallet', 'outcome', 'reason', 'scanWith', 'idempotencyKey'] },
  { method: 'POST', path: '/orders/:id/scan' },
  { method: 'GET', path: '/console/orders' },
  { method: 'GET', path: '/console/orders/:id' },
  { method: 'POST', path: '/console/orders/:id/refunds', fields: ['amount', 'note', 'refunds'] },
  { method: 'POST', path: '/orders/:id/retry', fields: ['wallet'] },
  { method: 'POST', path: '/orders/:id/give-up' },
  { method: 'POST', path: '/shopper/new', fields: ['next'] },
  { method: 'GET', path: '/reasons' },
  { method: 'GET', path: '/sources' },
  { method: 'GET', path: '/api/storefronts' },
  { method: 'GET', path: '/api/storefronts/:slug/wallets', fields: ['channel', 'amount', 'shopper', 'asOf', 'host'] },
  { method: 'GET', path: '/api/links', fields: ['asOf', 'host', 'surface', 'platform'] },
  { method: 'GET', path: '/api/links/open', fields: ['host', 'surface', 'platform', 'shopper', 'asOf'] },
  { method: 'GET', path: '/api/links/:host/:surface/:platform' },
  { method: 'GET', path: '/api/links/:host/:surface/:platform/events' },
  {
    method: 'POST',
    path: '/api/links/:host/:surface/:platform/:verb',
    fields: ['expectedVersion', 'reason', 'effectiveAt', 'behaviour', 'preview', 'share', 'rolloutPercent'],
  },
  { method: 'GET', path: '/api/storefronts/:slug' },
  { method: 'POST', path: '/api/orders', fields: ['storefront', 'shopper', 'channel', 'host', 'items', 'wallet', 'addFen'] },
  { method: 'GET', path: '/api/orders', fields: ['shopper'] },
  { method: 'GET', path: '/api/orders/:id', fields: ['shopper'] },
  { method: 'POST', path: '/api/orders/:id/payments', fields: ['shopper', 'outcome', 'reason', 'scannedWith'] },
  { method: 'POST', path: '/api/orders/:id/scan', fields: ['shopper'] },
  { method: 'GET', path: '/api/orders/:id/refunds' },
  { method: 'POST', path: '/api/orders/:id/refunds', fields: ['amount', 'note'] },
  { method: 'POST', path: '/api/carts', fields: ['storefront', 'shopper'] },
  { method: 'GET', path: '/api/carts/:id', fields: ['shopper'] },
  { method: 'POST', path: '/api/carts/:id/lines', fields: ['shopper', 'product', 'quantity'] },
  { method: 'PATCH', path: '/api/carts/:id/lines/:product', fields: ['shopper', 'quantity'] },
  { method: 'DELETE', path: '/api/carts/:id/lines/:product', fields: ['shopper'] },
  { method: 'POST', path: '/api/carts/:id/order', fields: ['shopper', 'channel', 'wallet', 'host', 'asOf'] },
  { method: 'GET', path: '/api/requests', fields: ['limit', 'method', 'status'] },
  { method: 'POST', path: '/api/webhooks', fields: ['url', 'events'] },
  { method: 'GET', path: '/api/webhooks' },
  { method: 'DELETE', path: '/api/webhooks/:id' },
  { method: 'GET', path: '/api/webhooks/:id/deliveries', fields: ['type', 'status'] },
  { method: 'GET', path: '/api/webhooks/:id' },
  { method: 'PATCH', path: '/api/webhooks/:id', fields: ['url', 'events', 'faults', 'expectedVersion'] },
  { method: 'POST', path: '/api/webhooks/:id/disable' },
  { method: 'POST', path: '/api/webhooks/:id/enable' },
  { method: 'POST', path: '/api/webhooks/:id/rotate-secret' },
  { method: 'POST', path: '/api/webhooks/:id/test' },
  { method: 'GET', path: '/api/webhooks/:id/deliveries/:deliveryId' },
  { method: 'POST', path: '/api/webhooks/:id/deliveries/:deliveryId/resend' },
  { method: 'POST', path: '/api/webhooks/:id/resend-failed', fields: ['since'] },
  { method: 'GET', path: '/webhooks' },
  { method: 'POST', path: '/webhooks', fields: ['url', 'events', 'duplicate', 'delaySeconds', 'shuffleWindow'] },
  { method: 'GET', path: '/webhooks/:id', fields: ['type', 'status'] },
  { method: 'POST', path: '/webhooks/:id', fields: ['url', 'events', 'version', 'duplicate', 'delaySeconds', 'shuffleWindow'] },
  { method: 'POST', path: '/webhooks/:id/disable' },
  { method: 'POST', path: '/webhooks/:id/enable' },
  { method: 'POST', path: '/webhooks/:id/rotate', fields: ['version'] },
  { method: 'POST', path: '/webhooks/:id/test' },
  { method: 'POST', path: '/webhooks/:id/deliveries/:deliveryId/resend' },
  { method: 'POST', path: '/webhooks/:id/resend-failed', fields: ['since'] },
  { method: 'GET', path: '/sign-in', fields: ['next'] },
  { method: 'POST', path: '/sign-in', fields: ['username', 'password', 'next'], malformedOnly: ['password'] },
  { method: 'POST', path: '/sign-out' },
  { method: 'GET', path: '/api/change-requests' },
  { method: 'GET', path: '/api/change-requests/:id' },
  { method: 'POST', path: '/api/change-requests/:id/approve' },
  { method: 'POST', path: '/api/change-requests/:id/reject', fields: ['reason'] },
  { method: 'POST', path: '/api/change-requests/:id/withdraw', fields: ['reason'] },
  { method: 'GET', path: '/api/policies/:group' },
  { method: 'PUT', path: '/api/policies/:group', fields: ['secondOperator'] },
  { method: 'GET', path: '/console/policies' },
  { method: 'POST', path: '/console/policies/:group', fields: ['secondOperator'] },
  { method: 'GET', path: '/console/change-requests/:id' },
  { method: 'POST', path: '/console/change-requests/:id/approve' },
  { method: 'POST', path: '/console/change-requests/:id/reject', fields: ['reason'] },
  { method: 'POST', path: '/console/change-requests/:id/withdraw', fields: ['reason'] },
  { method: 'POST', path: '/api/tokens', fields: ['username', 'password', 'label', 'expiresInDays'], malformedOnly: ['password'] },
  { method: 'GET', path: '/account' },
  { method: 'POST', path: '/account/tokens', fields: ['label', 'expiresInDays'] },
  { method: 'POST', path: '/account/tokens/:id/revoke' },
  { method: 'GET', path: '/console' },
  { method: 'GET', path: '/console/integrations', fields: ['storefront', 'wallet', 'state'] },
  { method: 'GET', path: '/console/integrations/:storefront/:wallet' },
  { method: 'POST', path: '/console/integrations/:storefront/:wallet/:verb', fields: TRANSITION_FIELDS },
  { method: 'GET', path: '/api/integrations', fields: ['storefront', 'wallet', 'state'] },
  { method: 'GET', path: '/api/integrations/:storefront/:wallet' },
  { method: 'GET', path: '/api/integrations/:storefront/:wallet/events' },
  { method: 'POST', path: '/api/integrations/:storefront/:wallet/:verb', fields: TRANSITION_FIELDS },
  { method: 'GET', path: '/api/openapi.json' },
  { method: 'GET', path: '/api/docs' },
  { method: 'GET', path: '/api/matrix', fields: MATRIX_FIELDS },
  { method: 'GET', path: '/api/matrix.csv', fields: MATRIX_FIELDS },
  { method: 'GET', path: '/api/events', fields: TIMELINE_FIELDS },
  { method: 'GET', path: '/api/events.csv', fields: TIMELINE_FIELDS },
  { method: 'GET', path: '/api/diff', fields: ['from', 'to'] },
  { method: 'GET', path: '/api/metrics', fields: ['page'] },
  { method: 'GET', path: '/api/metrics.csv', fields: ['page'] },
  { method: 'GET', path: '/api/attempts.csv' },
  { method: 'GET', path: '/review/', fields: MATRIX_FIELDS },
  { method: 'GET', path: '/review/diff', fields: ['from', 'to', 'page'] },
  { method: 'GET', path: '/review/preview', fields: ['storefront', 'channel', 'amount', 'shopper', 'date'] },
  { method: 'GET', path: '/review/timeline', fields: TIMELINE_FIELDS },
  { method: 'GET', path: '/review/coverage', fields: ['from', 'to'] },
  { method: 'GET', path: '/review/metrics', fields: ['page'] },
  { method: 'GET', path: '/review/matrix.json', fields: MATRIX_FIELDS },
  { method: 'GET', path: '/review/matrix.csv', fields: MATRIX_FIELDS },
  { method: 'GET', path: '/review/timeline.json', fields: TIMELINE_FIELDS },
  { method: 'GET', path: '/review/timeline.csv', fields: TIMELINE_FIELDS },
  { method: 'GET', path: '/review/metrics.json', fields: ['page'] },
  { method: 'GET', path: '/review/metrics.csv', fields: ['page'] },
  { method: 'GET', path: '/review/attempts.csv' },
  { method: 'GET', path: '/review/links', fields: LINK_MATRIX_FIELDS },
  { method: 'GET', path: '/review/links.json', fields: LINK_MATRIX_FIELDS },
  { method: 'GET', path: '/review/links.csv', fields: LINK_MATRIX_FIELDS },
  { method: 'GET', path: '/console/links' },
  { method: 'GET', path: '/console/links/:host/:surface/:platform' },
  {
    method: 'POST',
    path: '/console/links/:host/:surface/:platform/:verb',
    fields: ['expectedVersion', 'reason', 'effectiveAt', 'behaviour', 'preview', 'share', 'rolloutPercent'],
  },
  { method: 'POST', path: '/api/sandboxes', fields: ['scenario', 'clock'] },
  { method: 'GET', path: '/api/sandboxes' },
  { method: 'GET', path: '/api/sandboxes/:id' },
  { method: 'DELETE', path: '/api/sandboxes/:id' },
  { method: 'POST', path: '/api/sandboxes/:id/clock', fields: ['to', 'advance'] },
  { method: 'GET', path: '/requests' },
  { method: 'GET', path: '/sandboxes' },
  { method: 'POST', path: '/sandboxes', fields: ['scenario', 'clock'] },
  { method: 'POST', path: '/sandboxes/delete', fields: ['id'] },
  { method: 'GET', path: '/sandboxes/:id{/*rest}' },
  { method: 'GET', path: '/hosts' },
  { method: 'GET', path: '/hosts/:host', fields: ['asOf'] },
  { method: 'GET', path: '/hosts/:host/:surface', fields: ['asOf'] },
  { method: 'GET', path: '/hosts/:host/:surface/open/:message', fields: ['asOf', 'step'] },
  { method: 'GET', path: '/shop/:slug/share/:productId', fields: ['asOf', 'target', 'step'] },
  { method: 'POST', path: '/shop/:slug/share/:productId', fields: ['target', 'step', 'asOf'] },
  { method: 'GET', path: '/sandbox/clock', inSandbox: true },
  { method: 'POST', path: '/sandbox/clock', fields: ['advance', 'to', 'next'], inSandbox: true },
];

/** Strings that have broken web apps before. */
export const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '%00',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  "' OR '1'='1",
  "'; DROP TABLE payments; --",
  '" OR 1=1 --',
  '1; SELECT * FROM users',
  '%',
  '%zz',
  '%E0%A4%A',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "javascript:alert('x')",
  '{{7*7}}',
  '<%= 7*7 %>',
  '${7*7}',
  '../../etc/passwd',
  '..%2F..%2Fetc%2Fpasswd',
  '//evil.example',
  '/\\evil.example',
  'https://evil.example/',
  '\u202e\u0645\u0631\u062d\u0628\u0627',
  '\ufeff',
  '\ud800',
  '\udfff',
  '𝕳𝖚𝖙𝖔𝖓𝖌',
  '互通',
  'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇',
  '\r\nSet-Cookie: x=1',
  '\t\n\v\f\r',
  'NaN',
  'Infinity',
  '-Infinity',
  '-0',
  '-1',
  '0',
  '1e309',
  '1e-309',
  '0x1F',
  '9007199254740993',
  '-9007199254740993',
  '99999999999999999999999999',
  '1.005',
  '12.345',
  '120.50',
  'null',
  'undefined',
  'true',
  'false',
  '[]',
  '{}',
  '[object Object]',
  'eleme',
  'wechat-pay',
  'approve',
  'app',
  '2021-02-31',
  '2021-13-01',
  '0000-00-00',
  '9999-12-31T23:59:59Z',
  '2021-10-15T08:00:00+25:00',
  '2021-10-15',
];

const shortNastyString = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.bigInt()).map(String) },
);

const nastyString = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.bigInt()).map(String) },
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 200_000 }).map((n) => 'A'.repeat(n)) },
);

const fieldName = (fields: string[]) =>
  fc.oneof(
    { weight: 4, arbitrary: fields.length > 0 ? fc.constantFrom(...fields) : fc.constant('x') },
    { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype', '_csrf', 'expectedVersion', 'a[b]', 'a[]', '') },
    { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
  );

const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', maxDepth: 3 },
    nastyString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.constantFrom(Number.MAX_SAFE_INTEGER + 2, -1, -0, 1e308, -1e308, 0.1),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 8 }), tie('value'), { maxKeys: 3 }),
  ),
})).value;

/** Malformed values for a field that must never be well-formed (wrong type, empty, too long, absent). */
const malformedValue = fc.oneof(
  fc.constant(undefined),
  fc.constant(''),
  fc.constant(['a', 'b']),
  fc.integer({ min: 201, max: 5_000 }).map((n) => 'p'.repeat(n)),
);

/** Raw bodies that no parser should turn into a 500. */
const RAW_BODIES = [
  '{',
  '{"a":',
  '[',
  ']',
  'null',
  '1e999',
  '"just a string"',
  '{"__proto__":{"isAdmin":true},"reason":"x"}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '\u0000\u0000',
  '{"expectedVersion":1e999}',
  '{"expectedVersion":-1,"reason":"\\u0000"}',
  '\ufeff{}',
  'a=1&a=2&a[]=3&__proto__[x]=1',
  '%%%%',
  '<?xml version="1.0"?><a/>',
  '--x\r\nContent-Disposition: form-data; name="reason"\r\n\r\nhi\r\n--x--',
];

const CONTENT_TYPES = [
  'application/x-www-form-urlencoded',
  'application/json',
  'text/plain',
  'application/xml',
  'multipart/form-data; boundary=x',
  'application/json; charset=utf-16',
  'application/x-www-form-urlencoded; charset=latin1',
  'application/octet-stream',
  '',
];

export interface BadInput {
  params: Record<string, string | null>;
  query: [string, string][] | string;
  body: { kind: 'fields'; encoding: 'form' | 'json'; fields: [string, unknown][] } | { kind: 'raw'; text: string; contentType: string };
  contentType?: string;
  csrf: 'valid' | 'missing' | 'wrong';
  as: 'shopper' | 'admin' | 'bearer';
}

function paramNames(path: string): string[] {
  return [...path.matchAll(/:(\w+)/g)].map((m) => m[1] as string);
}

export function badInputFor(route: RouteSpec): fc.Arbitrary<BadInput> {
  const fields = route.fields ?? [];
  const malformed = new Set(route.malformedOnly ?? []);
  const fieldValue = (name: string) => (malformed.has(name) ? malformedValue : fc.oneof(nastyString, jsonValue));
  const entry = fieldName(fields).chain((name) => fieldValue(name).map((value) => [name, value] as [string, unknown]));
  const params = fc.record(Object.fromEntries(paramNames(route.path).map((name) => [name, fc.option(shortNastyString, { freq: 2 })])));
  const query = fc.oneof(
    fc.array(fc.tuple(fieldName(fields), shortNastyString), { maxLength: 4 }),
    fc.constantFrom(
      'a[]=1&a[]=2',
      'channel=app&channel=web',
      '%',
      '__proto__[admin]=1',
      'limit=1e9999',
      'page=-1',
      `x=${'y'.repeat(10_000)}`,
    ),
  );
  const body = fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant('fields' as const),
        encoding: fc.constantFrom('form' as const, 'json' as const),
        fields: fc.array(entry, { maxLength: 6 }),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('raw' as const),
        text: fc.oneof(fc.constantFrom(...RAW_BODIES), fc.string({ maxLength: 30 })),
        contentType: fc.constantFrom(...CONTENT_TYPES),
      }),
    },
  );
  return fc.record({
    params,
    query,
    body,
    csrf: fc.constantFrom('valid', 'valid', 'valid', 'valid', 'missing', 'wrong'),
    as: fc.constantFrom('shopper', 'admin', 'admin', 'bearer'),
  }) as fc.Arbitrary<BadInput>;
}

/** Sent into the path as they are: broken percent-encoding and dot segments. */
const RAW_SEGMENTS = new Set(['%', '%zz', '%E0%A4%A', '%00', '..%2F..%2Fetc%2Fpasswd']);

const VALID_PARAMS: Record<string, string> = {
  slug: 'eleme',
  storefront: 'taobao-deals',
  rest: 'shop',
  wallet: 'wechat-pay',
  verb: 'approve',
  id: 'ord_missing',
  productId: '1',
  group: 'alibaba',
  host: 'wechat',
  surface: 'group_chat',
  platform: 'taobao',
  message: 'friend-taobao',
};

function encodeForm(fields: [string, unknown][]): string {
  const form = new URLSearchParams();
  for (const [name, value] of fields) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) form.append(name, typeof item === 'string' ? item : JSON.stringify(item));
  }
  return form.toString();
}

/** The tables a refused request must leave exactly as they were. */
const WATCHED_TABLES = [
  'integrations',
  'integration_events',
  'orders',
  'order_items',
  'payments',
  'carts',
  'cart_items',
  'users',
  'storefronts',
  'products',
  'wallets',
  'settings',
  'milestones',
  'webhook_endpoints',
  'webhook_deliveries',
  'link_policies',
  'link_policy_events',
  'shared_links',
];

/**
 * How many rows of WATCHED_TABLES have been written on `db`'s connection (the app's own): TEMP triggers
 * count each insert, each delete and each update that changes a value, so telling whether a request
 * wrote costs one read, not a hash of every table before and after it. api_tokens counts only rows
 * added or removed (using a token stamps it).
 */
export function rowsWritten(db: Db): number {
  if (!db.prepare("SELECT 1 FROM sqlite_temp_master WHERE type = 'table' AND name = 'fuzz_writes'").get()) countWrites(db);
  return db.prepare('SELECT n FROM temp.fuzz_writes').pluck().get() as number;
}

function countWrites(db: Db): void {
  const bump = 'BEGIN UPDATE temp.fuzz_writes SET n = n + 1; END';
  db.exec('CREATE TEMP TABLE fuzz_writes (n INTEGER NOT NULL); INSERT INTO temp.fuzz_writes VALUES (0)');
  for (const table of [...WATCHED_TABLES, 'api_tokens']) {
    db.exec(`CREATE TEMP TRIGGER fuzz_insert_${table} AFTER INSERT ON main.${table} ${bump}`);
    db.exec(`CREATE TEMP TRIGGER fuzz_delete_${table} AFTER DELETE ON main.${table} ${bump}`);
    if (table === 'api_tokens') continue;
    const columns = db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(table) as string[];
    const row = (alias: string) => `(${columns.map((column) => `${alias}."${column}"`).join(', ')})`;
    db.exec(`CREATE TEMP TRIGGER fuzz_update_${table} AFTER UPDATE ON main.${table} WHEN ${row('OLD')} IS NOT ${row('NEW')} ${bump}`);
  }
}

export interface BadInputFigures {
  inputsTried: number;
  failures: string[];
  statuses: Record<string, number>;
}

/** Sends `perRoute` generated malformed requests to every route of an in-process app; returns what went wrong. */
export async function fuzzRoutes(options: { perRoute: number; seed: number; routes?: RouteSpec[] }): Promise<BadInputFigures> {
  const world = newWorld({ sandboxes: { max: 3 } });
  // One sandbox for the routes only a sandbox serves; the fuzzer's own sandbox ids are well-formed but unknown.
  // Owned by the fuzzer's browser (its owner cookie rides along below), so its routes answer rather than 404.
  const sandbox = sandboxOwnedByKey(world);
  const sandboxDb = world.sandboxes!.world(sandbox.id).db;
  const server = world.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const secret = serverSecret(world.db);
  const token = apiTokenFor(world, 'admin', 'fuzz');
  const shopperId = randomBytes(16).toString('base64url');
  const figures: BadInputFigures = { inputsTried: 0, failures: [], statuses: {} };

  async function send(route: RouteSpec, input: BadInput): Promise<void> {
    const { as } = input;
    const sessionId = as === 'admin' ? sessionFor(world, 'admin') : '';
    const csrfKey = as === 'admin' ? `session:${sessionId}` : `shopper:${shopperId}`;
    const csrfSecret = route.inSandbox ? serverSecret(sandboxDb) : secret;
    const csrf =
      input.csrf === 'valid' ? csrfTokenFor(csrfSecret, csrfKey) : input.csrf === 'wrong' ? csrfTokenFor('other', csrfKey) : undefined;
    const path =
      (route.inSandbox ? `/sandboxes/${sandbox.id}` : '') +
      route.path.replace(/:(\w+)/g, (_m, name: string) => {
        const value = input.params[name];
        if (value === null || value === undefined) return VALID_PARAMS[name] ?? 'x';
        return RAW_SEGMENTS.has(value) ? value : encodeURIComponent(value.replace(/[\ud800-\udfff]/g, '\ufffd'));
      });
    const query = typeof input.query === 'string' ? input.query : new URLSearchParams(input.query).toString();
    const headers: Record<string, string> = {
      cookie: `hutong_shopper=${shopperId}${as === 'admin' ? `; hutong_session=${sessionId}` : ''}${route.inSandbox ? `; ${sandbox.ownerCookie}` : ''}`,
    };
    if (as === 'bearer') headers.authorization = `Bearer ${token}`;
    let body: string | undefined;
    if (route.method !== 'GET') {
      if (input.body.kind === 'raw') {
        body = input.body.text;
        if (input.body.contentType) headers['content-type'] = input.body.contentType;
        if (csrf) headers['x-csrf-token'] = csrf;
      } else if (input.body.encoding === 'form') {
        body = encodeForm(csrf ? [['_csrf', csrf], ...input.body.fields] : input.body.fields);
        headers['content-type'] = 'application/x-www-form-urlencoded';
      } else {
        body = JSON.stringify(Object.fromEntries(input.body.fields));
        headers['content-type'] = 'application/json';
        if (csrf) headers['x-csrf-token'] = csrf;
      }
    }
    const written = () => rowsWritten(world.db) + (route.inSandbox ? rowsWritten(sandboxDb) : 0);
    const before = written();
    const res = await fetch(`${baseUrl}${path}${query ? `?${query}` : ''}`, { method: route.method, headers, body, redirect: 'manual' });
    const text = await res.text();
    figures.inputsTried += 1;
    figures.statuses[res.status] = (figures.statuses[res.status] ?? 0) + 1;
    const describe = () =>
      `${route.method} ${path}${query ? `?${query.slice(0, 200)}` : ''} as ${input.as} [${headers['content-type'] ?? ''}] ${String(body).slice(0, 200)}`;
    if (res.status >= 500) figures.failures.push(`${res.status} from ${describe()}: ${text.slice(0, 300)}`);
    else if (res.status < 200) figures.failures.push(`odd status ${res.status} from ${describe()}`);
    else if ((res.status >= 400 || route.method === 'GET') && written() !== before) {
      figures.failures.push(`${res.status} from ${describe()} but rows changed`);
    }
  }

  try {
    for (const [index, route] of (options.routes ?? ROUTES).entries()) {
      const inputs = fc.sample(badInputFor(route), { numRuns: options.perRoute, seed: options.seed + index });
      for (const input of inputs) {
        await send(route, input);
        if (figures.failures.length >= 20) return figures;
      }
    }
    const broken = checkDatabase(world.db).filter((check) => !check.ok);
    for (const check of broken) figures.failures.push(`db:check after fuzzing: ${check.name}: ${check.problems.join('; ')}`);
    return figures;
  } finally {
    await new Promise((resolve) => server.close(resolve));
    world.close();
  }
}
