import { lookup } from 'node:dns/promises';
import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { refusedAddress, refusedTarget } from '../domain/webhooks.ts';

/** One address a host name resolves to. */
export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Every address a host name resolves to (tests resolve evil.test to 10.0.0.1 without real DNS). */
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const lookupAll: HostResolver = (hostname) => lookup(hostname, { all: true, verbatim: true });

/** A URL the allow list admits, with the address its host name was checked at: the connection goes there and nowhere else. */
export interface CheckedTarget {
  url: URL;
  address: ResolvedAddress;
}

/** Why a target is not reached: refused by the allow list (never worth retrying), or its name did not resolve (it may later). */
export type TargetRefusal = { refused: true; why: string } | { refused: false; why: string };

/**
 * Checks `url` against the allow list as written, resolves its host name, and checks every address
 * it resolves to: one refused address refuses the target. The first address is the one to connect to.
 */
export async function checkTarget(
  url: string,
  allow: readonly string[],
  resolve: HostResolver,
): Promise<{ target: CheckedTarget } | TargetRefusal> {
  const refused = refusedTarget(url, allow);
  if (refused !== null) return { refused: true, why: refused };
  const parsed = new URL(url);
  const host = parsed.hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  let addresses: ResolvedAddress[];
  try {
    addresses = await resolve(host);
  } catch {
    return { refused: false, why: `could not resolve ${host}` };
  }
  const [first] = addresses;
  if (!first) return { refused: false, why: `could not resolve ${host}` };
  for (const { address } of addresses) {
    const why = refusedAddress(host, address, allow);
    if (why !== null) return { refused: true, why };
  }
  return { target: { url: parsed, address: first } };
}

/** A lookup that answers the checked address whatever it is asked, so no second resolution can move the connection. */
function pinnedTo({ address, family }: ResolvedAddress): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
}

/** What came back: the status, the Retry-After header if any, and the first 2 KB of the body. */
export interface Answer {
  status: number;
  retryAfter: string | undefined;
  body: string;
}

/** The log keeps this much of an answer's body. */
export const ANSWER_BODY_LIMIT = 2048;

/**
 * POSTs `body` to the checked target, connected to its checked address; the Host header and the TLS
 * server name stay the URL's host name. Redirects are not followed. Resolves with the answer;
 * rejects when no answer came (the connection failed, or `timeoutMs` passed first).
 */
export function postTo(target: CheckedTarget, init: { headers: Record<string, string>; body: string; timeoutMs: number }): Promise<Answer> {
  const { url } = target;
  const options: RequestOptions & { servername?: string } = {
    method: 'POST',
    headers: { ...init.headers, 'content-length': String(Buffer.byteLength(init.body)) },
    lookup: pinnedTo(target.address),
    agent: false, // a fresh connection each time: a pooled one may have been opened to an address checked earlier
    signal: AbortSignal.timeout(init.timeoutMs),
  };
  const secure = url.protocol === 'https:';
  if (secure && !/^[\d.]+$|^\[/.test(url.hostname)) options.servername = url.hostname;
  return new Promise((resolve, reject) => {
    // The status counts once it has come, whether or not the body that follows is read to its end.
    const req = (secure ? httpsRequest : httpRequest)(url, options, (res) => {
      const kept: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size >= ANSWER_BODY_LIMIT) return;
        kept.push(chunk.subarray(0, ANSWER_BODY_LIMIT - size));
        size += Math.min(chunk.length, ANSWER_BODY_LIMIT - size);
      });
      res.on('error', () => undefined);
      res.on('close', () => {
        const retryAfter = res.headers['retry-after'];
        resolve({ status: res.statusCode ?? 0, retryAfter, body: Buffer.concat(kept).toString('utf8') });
      });
    });
    req.on('error', reject);
    req.end(init.body);
  });
}
