import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { openApiDocument } from '../../src/http/route-table-api.ts';

/**
 * The doc-driven contract: every /api response a test receives must be one the OpenAPI document
 * describes — its status for that operation, its content type, and a body valid against the
 * schema (JSON Schema 2020-12, ajv). A path the document does not have may only be a 404 problem.
 */
const document = openApiDocument();
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
addFormats(ajv);
ajv.addSchema(document, 'openapi.json');

type Operation = { responses: Record<string, { content?: Record<string, unknown> }> };
const paths = document.paths as Record<string, Record<string, Operation>>;

/** Path templates as patterns, literal ones first (/api/matrix.csv before /api/integrations/{storefront}/{wallet}). */
const templates = Object.keys(paths)
  .map((template) => ({
    template,
    params: (template.match(/\{/g) ?? []).length,
    pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+')}$`),
  }))
  .sort((a, b) => a.params - b.params);

const pointer = (...segments: string[]) => segments.map((s) => encodeURIComponent(s.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/');
const validators = new Map<string, ValidateFunction>();
function validator(ref: string): ValidateFunction {
  let validate = validators.get(ref);
  if (!validate) {
    validate = ajv.compile({ $ref: ref });
    validators.set(ref, validate);
  }
  return validate;
}

function checkBody(ref: string, body: unknown): string | null {
  const validate = validator(ref);
  if (validate(body)) return null;
  return (validate.errors ?? [])
    .slice(0, 5)
    .map((e) => `${e.instancePath || '(body)'} ${e.message}`)
    .join('; ');
}

export interface ReceivedResponse {
  method: string;
  url: string;
  status: number;
  contentType: string | undefined;
  body: unknown;
}

function undecodable(path: string): boolean {
  try {
    decodeURIComponent(path);
    return false;
  } catch {
    return true;
  }
}

/** Why this response breaks the document, or null if it keeps to it (or is not an /api response). */
export function contractViolation(response: ReceivedResponse): string | null {
  // A sandbox serves the same API under /sandboxes/{id}/api: the same document describes it.
  const full = new URL(response.url, 'http://localhost').pathname.replace(/\/+$/, '');
  const path = full.replace(/^\/sandboxes\/sb_[A-Za-z0-9_-]+(?=\/api\/)/, '') || '/';
  if (!path.startsWith('/api/') || path === '/api/docs') return null; // /api/docs is a page, served by the pages app
  const method = response.method.toLowerCase();
  const what = `${response.method} ${path} → ${response.status}`;
  const mediaType = response.contentType?.split(';')[0]?.trim();
  // Under /sandboxes/{id}/, any route answers 404 not_found when there is no such sandbox (the servers entry says so).
  if (path !== full && response.status === 404 && mediaType === 'application/problem+json') {
    const why = checkBody('openapi.json#/components/schemas/Problem', response.body);
    return why && `${what}: ${why}`;
  }
  const match = templates.find((t) => t.pattern.test(path) && paths[t.template]![method]);
  if (!match) {
    // OPTIONS on a documented path: 204 and Allow, as the document's description says.
    if (method === 'options' && response.status === 204 && templates.some((t) => t.pattern.test(path))) return null;
    // No such operation: the API's 404 (or 405) problem, or 400 for an address that does not decode, nothing else.
    const expected = undecodable(path) ? [400] : [404, 405];
    if (!expected.includes(response.status) || mediaType !== 'application/problem+json')
      return `${what}: no operation in the document for this request`;
    const why = checkBody('openapi.json#/components/schemas/Problem', response.body);
    return why && `${what}: ${why}`;
  }
  const operation = paths[match.template]![method]!;
  const documented = operation.responses[String(response.status)];
  if (!documented)
    return `${what}: status ${response.status} is not documented for ${method.toUpperCase()} ${match.template} (documented: ${Object.keys(operation.responses).join(', ')})`;
  if (!documented.content) return null;
  if (!mediaType || !(mediaType in documented.content))
    return `${what}: content type ${mediaType} is not documented (documented: ${Object.keys(documented.content).join(', ')})`;
  if (!mediaType.endsWith('json')) return null;
  const why = checkBody(
    `openapi.json#/${pointer('paths', match.template, method, 'responses', String(response.status), 'content', mediaType, 'schema')}`,
    response.body,
  );
  return why && `${what}: the body does not match the document: ${why}`;
}

/** Why a webhook message body breaks the document's `webhooks` entry `name`, or null. */
export function webhookMessageViolation(name: 'integration' | 'order' | 'payment' | 'refund' | 'test', body: unknown): string | null {
  return checkBody(`openapi.json#/${pointer('webhooks', name, 'post', 'requestBody', 'content', 'application/json', 'schema')}`, body);
}
