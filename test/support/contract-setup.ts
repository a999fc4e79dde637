import { appendFileSync } from 'node:fs';
import { type Response, Test } from 'supertest';
import type { contractViolation as ContractViolation } from './contract.ts';

/**
 * Wired into every vitest file (vitest.config.ts setupFiles): each response a supertest request
 * receives from /api is checked against /api/openapi.json, and a response the document does not
 * describe fails the test that received it. The document and its validators (~1 s of imports) are
 * loaded by the first request a file makes: files that make none (the domain's) never load them.
 */
/** A response as superagent hands it over: absent when the request failed before any answer. */
type Callback = (err: Error | null, res: Response | undefined) => void;
type Assert = (this: Test, resError: Error | null, res: Response | undefined, fn: Callback) => void;
type End = (this: Test, fn?: Callback) => Test;
const proto = Test.prototype as unknown as { assert: Assert; end: End; __contract?: boolean; method: string; url: string };
let contractViolation: typeof ContractViolation | undefined;
let loading: Promise<void> | undefined;
if (!proto.__contract) {
  proto.__contract = true;
  const end = proto.end;
  proto.end = function endOnceTheContractIsLoaded(this: Test, fn) {
    if (contractViolation) return end.call(this, fn);
    loading ??= import('./contract.ts').then((contract) => {
      contractViolation = contract.contractViolation;
    });
    // A block, not `=> end.call(…)`: the Test it returns is a thenable, which the promise would follow (a second request).
    loading.then(
      () => {
        end.call(this, fn);
      },
      (error: unknown) => fn?.(error instanceof Error ? error : new Error(String(error)), undefined),
    );
    return this;
  };
  const assert = proto.assert;
  proto.assert = function contractAssert(this: Test & { method: string; url: string }, resError, res, fn) {
    // 4xx and 5xx answers arrive with resError set (superagent), but with their response: check those too.
    if (res) {
      const contentType = res.headers?.['content-type'] as string | undefined;
      let body: unknown = res.body;
      if (contentType?.includes('json') && typeof res.text === 'string' && res.text !== '') {
        try {
          body = JSON.parse(res.text);
        } catch {
          body = res.text;
        }
      }
      if (!contractViolation) return fn(new Error('OpenAPI contract: the document was not loaded before the response arrived'), res);
      const violation = contractViolation({ method: this.method, url: this.url, status: res.status, contentType, body });
      // HUTONG_CONTRACT_LOG=file: one line per response checked, to count what the suite covered.
      if (process.env.HUTONG_CONTRACT_LOG && new URL(this.url, 'http://x').pathname.startsWith('/api/')) {
        appendFileSync(process.env.HUTONG_CONTRACT_LOG, `${this.method} ${new URL(this.url, 'http://x').pathname} ${res.status}\n`);
      }
      if (violation) return fn(new Error(`OpenAPI contract: ${violation}`), res);
    }
    return assert.call(this, resError, res, fn);
  };
}
