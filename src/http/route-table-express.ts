import { Router, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { invalidFields, Refusal } from '../domain/errors.ts';
import { rendersForm } from './errors.ts';
import { answerOnce, type Answer } from './idempotency.ts';
import { fieldErrors, sendProblem, type FieldError } from './problem.ts';
import { Reply, type AnyApiRoute, type AnyPageRoute, type AnyRoute, type InputSchema } from './route-table.ts';
import { bySegmentOfTable } from './segment-dispatch.ts';
import { worldOf } from './visit.ts';

/** The names an object schema knows, or null when it is not an object (then any name passes). */
function fieldNames(schema: InputSchema | undefined): Set<string> | null {
  if (!schema) return new Set();
  return schema instanceof z.ZodObject ? new Set(Object.keys(schema.shape)) : null;
}

function parsed(schema: InputSchema | undefined, input: unknown, errors: FieldError[]): Record<string, unknown> {
  if (!schema) return {};
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  errors.push(...fieldErrors(result.error));
  return {};
}

export interface ReadOptions {
  /** The API refuses a query parameter it does not know (400 naming it); pages ignore them (a tracking tag, say). */
  refuseUnknownQuery: boolean;
}

/** A route's inputs parsed with its schemas, or a bad_request naming every field that is wrong. */
export function readInputs(route: AnyRoute, req: Request, options: ReadOptions) {
  const errors: FieldError[] = [];
  const query: Record<string, unknown> = req.query ?? {};
  if (options.refuseUnknownQuery) {
    const known = fieldNames(route.query);
    const takes = known && known.size > 0 ? `it takes: ${[...known].join(', ')}` : 'it takes none';
    for (const name of Object.keys(query)) {
      if (known && !known.has(name)) errors.push({ path: name, message: `not a query parameter of this operation (${takes})` });
    }
  }
  const params = parsed(route.params, req.params, errors);
  const parsedQuery = parsed(route.query, query, errors);
  const headers = parsed(route.headers, req.headers, errors);
  let body: unknown;
  if (route.parseBody) {
    try {
      body = route.parseBody(req.body);
    } catch (error) {
      if (!(error instanceof Refusal && error.kind === 'bad_request' && error.details.errors)) throw error;
      errors.push(...error.details.errors);
    }
  } else if (route.body) {
    const result = route.body.safeParse(req.body);
    if (result.success) body = result.data;
    else errors.push(...fieldErrors(result.error));
  }
  if (errors.length > 0) throw invalidFields(errors);
  return { params, query: parsedQuery, body, headers };
}

/** The status a handler's plain result is answered with: the route's first 2xx. */
function successStatus(route: AnyApiRoute): number {
  return Number(Object.keys(route.responses).find((status) => status.startsWith('2')) ?? 200);
}

function send(res: Response, status: number, body: unknown, headers: Record<string, string>): void {
  res.set(headers).status(status);
  if (body === undefined) res.end();
  else res.json(body);
}

function isPromise(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && 'then' in value && typeof value.then === 'function';
}

/** A handler's result as the answer to send (undefined: the handler answered itself). */
function answerOf(res: Response, result: unknown, ok: number): Answer | undefined {
  if (res.headersSent) return undefined;
  return result instanceof Reply
    ? { status: result.status, body: result.body, headers: result.headers }
    : { status: ok, body: result, headers: {} };
}

function sendAnswer(res: Response, answer: Answer | undefined): void {
  if (answer && !res.headersSent) send(res, answer.status, answer.body, answer.headers);
}

/**
 * A route's handler with its parsed inputs, its answer sent. A handler that answers at once is
 * run at once, with no promise made (most reads); one that returns a promise, or an idempotent
 * write (its key is looked up and its answer kept), is awaited.
 */
function apiHandler(route: AnyApiRoute): RequestHandler {
  const ok = successStatus(route);
  return (req, res) => {
    const inputs = readInputs(route, req, { refuseUnknownQuery: true });
    const world = worldOf(req);
    if (route.idempotent) {
      const handle = async () => answerOf(res, await route.handler({ req, res, world, ...inputs }), ok);
      return answerOnce(req, world, inputs, route, handle).then((answer) => sendAnswer(res, answer));
    }
    const result = route.handler({ req, res, world, ...inputs });
    if (isPromise(result)) return Promise.resolve(result).then((value) => sendAnswer(res, answerOf(res, value, ok)));
    sendAnswer(res, answerOf(res, result, ok));
  };
}

/** 405 with the methods the path does take; OPTIONS answers them with 204. */
function otherMethods(methods: readonly string[]): RequestHandler {
  const allowed = [...new Set(methods.flatMap((m) => (m === 'get' ? ['GET', 'HEAD'] : [m.toUpperCase()])))].join(', ');
  return (req, res) => {
    res.set('Allow', allowed);
    if (req.method === 'OPTIONS') return res.status(204).end();
    sendProblem(res, {
      code: 'method_not_allowed',
      detail: `${req.method} is not allowed here; this path takes ${allowed}.`,
      errors: [],
      extra: {},
    });
  };
}

/** One router for some of a table's routes, in table order, then a 405 for each of their paths. */
export function apiRouterOf(routes: readonly AnyApiRoute[]): Router {
  const router = Router();
  const methodsByPath = new Map<string, string[]>();
  for (const route of routes) {
    router[route.method](route.path, ...(route.guard?.check ? [route.guard.check] : []), apiHandler(route));
    methodsByPath.set(route.path, [...(methodsByPath.get(route.path) ?? []), route.method]);
  }
  for (const [path, methods] of methodsByPath) router.all(path, otherMethods(methods));
  return router;
}

/** The API's table as one handler: each request goes to the routes under its first path segment. */
export function apiTableHandler(table: readonly AnyApiRoute[]): RequestHandler {
  return bySegmentOfTable(table, apiRouterOf);
}

/** A page route's chain: its guard, the form it re-renders on a refusal, then its handler with the parsed inputs. */
export function pageHandlers(route: AnyPageRoute): RequestHandler[] {
  // Not async: a page that answers at once makes no promise; one that returns a promise is awaited by the router.
  const handle: RequestHandler = (req, res) => {
    const inputs = readInputs(route, req, { refuseUnknownQuery: false });
    const result = route.handler({ req, res, world: worldOf(req), ...inputs });
    if (isPromise(result)) return Promise.resolve(result).then(() => undefined);
  };
  return [...(route.guard?.check ? [route.guard.check] : []), ...(route.rendersForm ? [rendersForm(route.rendersForm)] : []), handle];
}
