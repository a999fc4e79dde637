import { z } from 'zod';
import { PROBLEMS, problemType, type ProblemCode } from './problem.ts';

/** Building blocks for /api/openapi.json: every schema in it comes from a zod schema through these. */

type Schema = z.ZodType;
export type Responses = Record<string, unknown>;

/** A JSON Schema for an OpenAPI 3.1 document (which speaks JSON Schema 2020-12), without the $schema line. */
export function jsonSchema(schema: Schema, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

export const json = (schema: Schema, description: string, headers?: Record<string, unknown>) =>
  ({ description, ...(headers && { headers }), content: { 'application/json': { schema: jsonSchema(schema, 'output') } } });

export const csv = (description: string) => ({
  description,
  headers: { 'Content-Disposition': { description: 'attachment; filename=…', schema: { type: 'string' } } },
  content: { 'text/csv': { schema: { type: 'string' } } },
});

export const body = (schema: Schema | Record<string, unknown>) => ({
  required: true,
  content: { 'application/json': { schema: schema instanceof z.ZodType ? jsonSchema(schema, 'input') : schema } },
});

export const pathParam = (name: string, example: string, schema: Record<string, unknown> = { type: 'string' }, description?: string) =>
  ({ name, in: 'path', required: true, schema, example, ...(description && { description }) });

export function queryParams(schema: z.ZodObject, required: string[] = []): Record<string, unknown>[] {
  const properties = (jsonSchema(schema, 'input').properties ?? {}) as Record<string, unknown>;
  return Object.entries(properties).map(([name, s]) => ({ name, in: 'query', required: required.includes(name), schema: s }));
}

/** The problem+json body every error has; `code` is narrowed per response to the codes it can carry. */
export const PROBLEM_SCHEMA = {
  type: 'object',
  required: ['type', 'title', 'status', 'code', 'detail'],
  properties: {
    type: { type: 'string', description: 'a link to the code on /api/docs' },
    title: { type: 'string' },
    status: { type: 'integer' },
    code: { type: 'string', enum: Object.keys(PROBLEMS), description: 'stable: match on this, not on detail' },
    detail: { type: 'string', description: 'for people; may change' },
    errors: { type: 'array', items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string' }, message: { type: 'string' } } } },
  },
  additionalProperties: true,
};

const problemRef = { $ref: '#/components/schemas/Problem' };

/** The error responses an operation can give, grouped by status, each listing its codes. */
export function problems(...codes: ProblemCode[]): Responses {
  const byStatus = new Map<number, ProblemCode[]>();
  for (const code of new Set(codes)) byStatus.set(PROBLEMS[code].status, [...(byStatus.get(PROBLEMS[code].status) ?? []), code]);
  return Object.fromEntries([...byStatus].sort(([a], [b]) => a - b).map(([status, list]) => [String(status), {
    description: list.map((code) => `\`${code}\` — ${PROBLEMS[code].about}`).join(' '),
    content: { 'application/problem+json': {
      schema: { allOf: [problemRef, { properties: { code: { enum: list } } }] },
      examples: Object.fromEntries(list.map((code) => [code, { value: { type: problemType(code), title: PROBLEMS[code].title, status, code, detail: PROBLEMS[code].about } }])),
    } },
  }]));
}

/** What any /api operation may answer besides its own errors: a bad token (401) and a bug (500); writes add the edge's refusals. */
export function edgeProblems(write: boolean, ...codes: ProblemCode[]): Responses {
  const edge: ProblemCode[] = write ? ['forbidden', 'payload_too_large', 'unsupported_media_type'] : [];
  return problems(...codes, 'unauthorized', 'internal_error', ...edge);
}
