import fc from 'fast-check';

/**
 * Requests made from the OpenAPI document's own schemas, as a client reading only the document
 * would make them: fast-check arbitraries for JSON Schema (the subset the document uses).
 */

export type Json = Record<string, unknown>;

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: Json;
  example?: unknown;
}

export interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { content: { 'application/json': { schema: Json } } };
  responses: Record<string, unknown>;
  security?: Json[];
  'x-rules'?: string[];
}

const DAY_MS = 86_400_000;
const someDate = fc
  .integer({ min: Date.UTC(2019, 0, 1) / DAY_MS, max: Date.UTC(2030, 11, 31) / DAY_MS })
  .chain((day) => fc.integer({ min: 0, max: DAY_MS - 1 }).map((ms) => new Date(day * DAY_MS + ms)));

function stringFor(schema: Json): fc.Arbitrary<string> {
  const examples = [
    ...(Array.isArray(schema.examples) ? (schema.examples as string[]) : []),
    ...(typeof schema.example === 'string' ? [schema.example] : []),
  ];
  if (schema.format === 'date') return someDate.map((d) => d.toISOString().slice(0, 10));
  if (schema.format === 'date-time') return someDate.map((d) => d.toISOString());
  const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const maxLength = typeof schema.maxLength === 'number' ? schema.maxLength : Number.POSITIVE_INFINITY;
  const fits = (text: string) => text.length >= minLength && text.length <= maxLength;
  if (typeof schema.pattern === 'string') {
    let matching: fc.Arbitrary<string>;
    try {
      matching = fc.stringMatching(new RegExp(schema.pattern));
    } catch {
      // A pattern fast-check cannot build strings for (a lookahead): its examples, which the document promises match.
      if (examples.length === 0) throw new Error(`no strings for the pattern ${schema.pattern} and no examples`);
      return fc.constantFrom(...examples);
    }
    const generated = matching.filter(fits);
    return examples.length > 0 ? fc.oneof(fc.constantFrom(...examples), generated) : generated;
  }
  const length = { minLength, maxLength: Math.min(maxLength, Math.max(minLength, 24)) };
  // Blank and padded text as often as any: what a server that trims reads differently from the document.
  return fc.oneof(
    fc.string(length),
    fc.string({ ...length, unit: fc.constantFrom(' ', '\t', '\n') }),
    fc
      .string(length)
      .map((text) => ` ${text} `)
      .filter(fits),
  );
}

function integerFor(schema: Json): fc.Arbitrary<number> {
  const min =
    typeof schema.minimum === 'number' ? schema.minimum : typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum + 1 : -1000;
  const top =
    typeof schema.maximum === 'number'
      ? schema.maximum
      : typeof schema.exclusiveMaximum === 'number'
        ? schema.exclusiveMaximum - 1
        : min + 10_000;
  const max = Math.min(top, 2 ** 31 - 1);
  // Small values more often: versions, quantities and pages that exist.
  return fc.oneof(fc.integer({ min, max: Math.min(max, min + 5) }), fc.integer({ min, max }));
}

/** Values valid against `schema` (enums, patterns, formats, bounds, required properties; no extra ones where forbidden). */
export function valuesOf(schema: Json, depth = 0): fc.Arbitrary<unknown> {
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  if ('const' in schema) return fc.constant(schema.const);
  const branches = (schema.anyOf ?? schema.oneOf) as Json[] | undefined;
  if (branches) return fc.oneof(...branches.map((branch) => valuesOf({ ...branch, ...omit(schema, ['anyOf', 'oneOf']) }, depth)));
  switch (schema.type) {
    case 'string':
      return stringFor(schema);
    case 'integer':
      return integerFor(schema);
    case 'number':
      return fc.double({ min: Number(schema.minimum ?? -1000), max: Number(schema.maximum ?? 1000), noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const items = valuesOf((schema.items ?? {}) as Json, depth + 1);
      const minLength = Number(schema.minItems ?? 0);
      const maxLength = Math.min(Number(schema.maxItems ?? 3), minLength + 3);
      return fc.array(items, { minLength, maxLength });
    }
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, Json>;
      const required = (schema.required ?? []) as string[];
      // Deep optional structure (an inline scenario) only near the top: its required members are enough.
      const keys = Object.keys(properties).filter((key) => required.includes(key) || depth < 2);
      return fc.record(Object.fromEntries(keys.map((key) => [key, valuesOf(properties[key]!, depth + 1)])), { requiredKeys: required });
    }
    default:
      return fc.constant('x');
  }
}

function omit(object: Json, keys: string[]): Json {
  return Object.fromEntries(Object.entries(object).filter(([key]) => !keys.includes(key)));
}

export interface BuiltRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: unknown;
}

/** Query and path values as a URL carries them. */
const asText = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

/** Requests for one operation, every input drawn from its schemas; path parameters often their example (one that exists). */
export function requestsFor(template: string, method: string, operation: Operation): fc.Arbitrary<BuiltRequest> {
  const parameters = operation.parameters ?? [];
  const inputs = Object.fromEntries(
    parameters.map((p) => {
      const values =
        p.in === 'path' && p.example !== undefined
          ? fc.oneof({ weight: 3, arbitrary: fc.constant(p.example) }, { weight: 1, arbitrary: valuesOf(p.schema) })
          : valuesOf(p.schema);
      return [`${p.in}:${p.name}`, p.required ? values : fc.option(values, { nil: undefined, freq: 2 })];
    }),
  );
  const body = operation.requestBody ? valuesOf(operation.requestBody.content['application/json'].schema) : fc.constant(undefined);
  return fc.record({ inputs: fc.record(inputs), body }).map(({ inputs: values, body: sent }) => {
    const url = template.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(asText(values[`path:${name}`])));
    const query = new URLSearchParams();
    const headers: Record<string, string> = {};
    for (const p of parameters) {
      const value = values[`${p.in}:${p.name}`];
      if (value === undefined) continue;
      if (p.in === 'query') query.set(p.name, asText(value));
      if (p.in === 'header') headers[p.name] = asText(value);
    }
    const search = query.toString();
    return { method, url: `${url}${search ? `?${search}` : ''}`, headers, ...(sent !== undefined && { body: sent }) };
  });
}

/** Every operation of a document's paths, read as the shape above (the document is built by the server, so trusted here). */
export function operationsOf(paths: Record<string, Record<string, unknown>>): { template: string; method: string; operation: Operation }[] {
  return Object.entries(paths).flatMap(([template, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ template, method, operation: operation as Operation })),
  );
}
