import { z } from 'zod';
import { IDEMPOTENCY_KEY_PARAMETER, REPLAYED_HEADER } from './idempotency.ts';
import { PROBLEMS, problemType, type ProblemCode } from './problem.ts';
import { templateOf, type AnyApiRoute, type HeaderSpec, type InputSchema, type ResponseSpec } from './route-table.ts';

/** OpenAPI 3.1 paths built from an API route table: every schema in them is one the route parses or answers with. */

type Json = Record<string, unknown>;

/** A JSON Schema (2020-12, which OpenAPI 3.1 speaks) for a zod schema, without the $schema line. */
export function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  return rest;
}

const PROBLEM_REF = { $ref: '#/components/schemas/Problem' };

/** The errors any /api operation may answer besides its own: an unknown query parameter, a bad token, a bug; writes add the edge's refusals. */
function edgeProblems(route: AnyApiRoute): ProblemCode[] {
  const write = route.method !== 'get';
  return [
    'bad_request',
    'unauthorized',
    'internal_error',
    ...(write ? (['forbidden', 'payload_too_large', 'unsupported_media_type'] as const) : []),
  ];
}

/** Every answer names its request: Request-Id, and the same value as X-Request-Id (its older name). */
export const REQUEST_ID_HEADERS = {
  'Request-Id': { $ref: '#/components/headers/RequestId' },
  'X-Request-Id': { $ref: '#/components/headers/XRequestId' },
};

/** The error responses an operation can give, grouped by status, each naming its codes. */
function problemResponses(codes: readonly ProblemCode[]): Json {
  const byStatus = new Map<number, ProblemCode[]>();
  for (const code of new Set(codes)) byStatus.set(PROBLEMS[code].status, [...(byStatus.get(PROBLEMS[code].status) ?? []), code]);
  return Object.fromEntries(
    [...byStatus]
      .sort(([a], [b]) => a - b)
      .map(([status, list]) => [
        String(status),
        {
          description: list.map((code) => `\`${code}\` — ${PROBLEMS[code].about}`).join(' '),
          headers: REQUEST_ID_HEADERS,
          content: {
            'application/problem+json': {
              schema: { allOf: [PROBLEM_REF, { properties: { code: { enum: list } } }] },
              examples: Object.fromEntries(
                list.map((code) => [
                  code,
                  { value: { type: problemType(code), title: PROBLEMS[code].title, status, code, detail: PROBLEMS[code].about } },
                ]),
              ),
            },
          },
        },
      ]),
  );
}

function headersOf(headers: Record<string, HeaderSpec> | undefined): Json {
  return {
    ...REQUEST_ID_HEADERS,
    ...Object.fromEntries(
      Object.entries(headers ?? {}).map(([name, h]) => [
        name,
        { description: h.description, schema: h.schema, ...(h.required && { required: true }) },
      ]),
    ),
  };
}

function responseOf(spec: ResponseSpec): Json {
  const headers = headersOf(spec.headers);
  const content = spec.csv
    ? { 'text/csv': { schema: { type: 'string', description: 'RFC 4180 CSV with a header row' } } }
    : spec.schema && { 'application/json': { schema: jsonSchema(spec.schema, 'output') } };
  return { description: spec.description, headers, ...(content && { content }) };
}

/** `idempotency-key` → `Idempotency-Key`. */
const isJson = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

const headerName = (name: string) => name.replace(/(^|-)([a-z])/g, (_m, dash: string, letter: string) => `${dash}${letter.toUpperCase()}`);

function parametersOf(route: AnyApiRoute): Json[] {
  const from = (schema: InputSchema | undefined, where: 'path' | 'query' | 'header') => {
    if (!schema) return [];
    const json = jsonSchema(schema, 'input');
    const required = Array.isArray(json.required) ? json.required : [];
    return Object.entries(isJson(json.properties) ? json.properties : {}).map(([name, property]) => {
      const { description, ...rest } = isJson(property) ? property : {};
      const note = route.inputNotes?.[name];
      const text = [description, note].filter(Boolean).join(' ');
      const example = route.examples?.[name];
      return {
        name: where === 'header' ? headerName(name) : name,
        in: where,
        required: where === 'path' || required.includes(name),
        ...(text && { description: text }),
        schema: rest,
        ...(example !== undefined && { example }),
      };
    });
  };
  return [...from(route.params, 'path'), ...from(route.query, 'query'), ...from(route.headers, 'header')];
}

const SECURITY = { optional: [{}, { bearer: [] }], bearer: [{ bearer: [] }], none: [] } as const;

/** An ETag on a GET answer means If-None-Match is honoured (Express answers 304 when it names the current one). */
function conditional(route: AnyApiRoute): { parameters: Json[]; responses: Json } {
  const etag = route.method === 'get' && Object.values(route.responses).some((r) => r.headers?.ETag);
  if (!etag) return { parameters: [], responses: {} };
  return {
    parameters: [
      {
        name: 'If-None-Match',
        in: 'header',
        required: false,
        schema: { type: 'string', pattern: '^(?:W/)?"[0-9]+"$' },
        example: '"3"',
        description: 'The ETag you hold: when it is still the current version the answer is 304 with no body.',
      },
    ],
    responses: {
      304: {
        description: 'Not modified: If-None-Match named the current version (no body).',
        headers: headersOf({ ETag: { description: 'the version, quoted', schema: { type: 'string' } } }),
      },
    },
  };
}

function operationOf(route: AnyApiRoute): Json {
  const cond = conditional(route);
  const ruleList = [
    ...(route.rules ?? []),
    ...(route.idempotent
      ? ['an Idempotency-Key is kept for its sender, so one sent with no token, shopper or owner cookie is refused']
      : []),
  ];
  const rules = ruleList.length > 0 ? `Refused with 400 although the schemas allow it: ${ruleList.join('; ')}.` : undefined;
  const description = [route.guard?.who, route.description, rules].filter(Boolean).join(' ') || route.summary;
  const answers = Object.fromEntries(
    Object.entries(route.responses).map(([status, spec]) => [
      status,
      responseOf(
        route.idempotent && status.startsWith('2')
          ? { ...spec, headers: { ...spec.headers, 'Idempotent-Replayed': REPLAYED_HEADER } }
          : spec,
      ),
    ]),
  );
  const idempotency = route.idempotent ? (['bad_request', 'idempotency_in_flight', 'idempotency_mismatch'] as const) : [];
  return {
    operationId: route.operationId,
    summary: route.summary,
    description,
    tags: [...route.tags],
    security: SECURITY[route.guard?.security ?? 'optional'],
    ...(route.defaultWorldOnly && { servers: [DEFAULT_SERVER] }),
    parameters: [...parametersOf(route), ...(route.idempotent ? [IDEMPOTENCY_KEY_PARAMETER] : []), ...cond.parameters],
    ...(route.body && { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.body, 'input') } } } }),
    ...(ruleList.length > 0 && { 'x-rules': ruleList }),
    responses: {
      ...answers,
      ...cond.responses,
      ...problemResponses([...route.problems, ...idempotency, ...(route.guard?.problems ?? []), ...edgeProblems(route)]),
    },
  };
}

export const DEFAULT_SERVER = { url: '/', description: 'this server, its default world' };

export type OpenApiPaths = Record<string, Record<string, Json>>;

/** The `paths` of the document, every route of the table under `prefix` (`/api`). */
export function openApiPaths(table: readonly AnyApiRoute[], prefix: string): OpenApiPaths {
  const paths: OpenApiPaths = {};
  for (const route of table) {
    const template = `${prefix}${templateOf(route.path)}`;
    paths[template] = { ...paths[template], [route.method]: operationOf(route) };
  }
  return paths;
}
