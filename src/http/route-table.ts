import type { Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import type { FormRenderer } from './errors.ts';
import type { ProblemCode } from './problem.ts';
import type { RouteDeps } from './route-deps.ts';

/**
 * A route as data: its method and path, who may call it, the zod schemas of its inputs, and the
 * handler. The Express routers and (for the API) the OpenAPI document are both built from a table
 * of these, so the two cannot disagree. API routes add their answers and problems; pages add the
 * view they render and the form they re-render on a refusal.
 */

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** An input schema: an object, so its field names are known (unknown query parameters are refused by name). */
export type InputSchema = z.ZodType<Record<string, unknown>, Record<string, unknown>>;

/** Who may call a route: the middleware that checks it, and what it means for the document. */
export interface Guard {
  /** Runs before the inputs are parsed: a caller who may not use the route learns nothing about its inputs. */
  check?: RequestHandler;
  /** OpenAPI security: 'optional' = anonymous or a bearer token; 'bearer' = a token; 'none' = no token is read. */
  security: 'optional' | 'bearer' | 'none';
  /** The refusals the guard itself may answer (unauthorized, forbidden, not_found…). */
  problems: readonly ProblemCode[];
  /** One sentence for the operation's description: who may call it. */
  who?: string;
}

/** What a handler receives: the world the request was resolved into and its parsed inputs. */
export interface RouteContext<P, Q, B, H> {
  req: Request;
  res: Response;
  world: RouteDeps;
  params: P;
  query: Q;
  body: B;
  headers: H;
}

type Out<S> = S extends z.ZodType ? z.output<S> : Record<string, never>;

/** The fields every route has, page or API. */
export interface RouteBase<
  P extends InputSchema | undefined,
  Q extends InputSchema | undefined,
  B extends z.ZodType | undefined,
  H extends InputSchema | undefined,
> {
  method: Method;
  /** Express syntax, relative to where the table is mounted: `/storefronts/:slug`. */
  path: string;
  guard?: Guard;
  params?: P;
  query?: Q;
  body?: B;
  /** Request headers the route reads (names in lower case), e.g. idempotency-key. */
  headers?: H;
  /** A body reader of its own (one that names errors deep inside a union), instead of `body.parse`. */
  parseBody?: (body: unknown) => Out<B>;
}

/** A header an answer carries. */
export interface HeaderSpec {
  description: string;
  schema: Record<string, unknown>;
  required?: boolean;
}

/** One answer of an API route: a JSON body (its zod schema), CSV, or none. */
export interface ResponseSpec {
  description: string;
  /** The JSON body; omitted: no body (204, 304). */
  schema?: z.ZodType;
  /** Answered as text/csv instead of JSON. */
  csv?: boolean;
  headers?: Record<string, HeaderSpec>;
}

/** What a handler returns: a body for the route's first 2xx answer, or a reply naming its status and headers. */
export class Reply {
  constructor(
    readonly status: number,
    readonly body?: unknown,
    readonly headers: Record<string, string> = {},
  ) {}
}

export const reply = (status: number, body?: unknown, headers: Record<string, string> = {}) => new Reply(status, body, headers);

export type ApiHandler<P, Q, B, H> = (ctx: RouteContext<P, Q, B, H>) => unknown;

export interface ApiRoute<
  P extends InputSchema | undefined = InputSchema | undefined,
  Q extends InputSchema | undefined = InputSchema | undefined,
  B extends z.ZodType | undefined = z.ZodType | undefined,
  H extends InputSchema | undefined = InputSchema | undefined,
> extends RouteBase<P, Q, B, H> {
  operationId: string;
  summary: string;
  description?: string;
  tags: readonly string[];
  /** Examples of path parameters that exist in the default world (the document's examples; the contract test's seeds). */
  examples?: Record<string, string | number>;
  /** Per header or parameter: what the document says about it beyond its schema. */
  inputNotes?: Record<string, string>;
  /**
   * Rules across fields, or against the world's data or settings, that the schemas cannot say ("each product
   * once"): a request that keeps to the schemas may still be refused with 400 for one of these.
   */
  rules?: readonly string[];
  /** Every answer by status; problems are added from `problems` and the guard. */
  responses: Record<number, ResponseSpec>;
  /** The refusals the handler may answer (bad_request is added when the route has inputs). */
  problems: readonly ProblemCode[];
  /**
   * A write with a side effect that honours Idempotency-Key (src/http/idempotency.ts): the same key
   * and request again replay the first answer; the document lists the header and its problems.
   */
  idempotent?: boolean;
  /** Whether the route is served only in the default world, not under /sandboxes/{id} (sandbox management). */
  defaultWorldOnly?: boolean;
  handler: ApiHandler<Out<P>, Out<Q>, Out<B>, Out<H>>;
}

/** A page route (filled in for pages by their table): the view it renders and the form it re-renders on a refusal. */
export interface PageRoute<
  P extends InputSchema | undefined = InputSchema | undefined,
  Q extends InputSchema | undefined = InputSchema | undefined,
  B extends z.ZodType | undefined = z.ZodType | undefined,
  H extends InputSchema | undefined = InputSchema | undefined,
> extends RouteBase<P, Q, B, H> {
  /** The view the handler renders (for reading the table; the handler still renders it). */
  view?: string;
  /** Re-renders the form this route's POST came from when the handler is refused (400/401/409/422/429). */
  rendersForm?: FormRenderer;
  handler: (ctx: RouteContext<Out<P>, Out<Q>, Out<B>, Out<H>>) => unknown;
}

/** Declares an API route; the generics carry the schemas' types into the handler. */
export function apiRoute<
  P extends InputSchema | undefined = undefined,
  Q extends InputSchema | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  H extends InputSchema | undefined = undefined,
>(route: ApiRoute<P, Q, B, H>): AnyApiRoute {
  return route;
}

/** Declares a page route. */
export function pageRoute<
  P extends InputSchema | undefined = undefined,
  Q extends InputSchema | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  H extends InputSchema | undefined = undefined,
>(route: PageRoute<P, Q, B, H>): AnyPageRoute {
  return route;
}

type Loose = Record<string, unknown>;
/**
 * A route of a table, its inputs' types forgotten. `handler` is a method so that a route declared with
 * narrower inputs fits (TypeScript relates method parameters both ways): what keeps that sound is the
 * dispatcher, which calls it only with what the route's own schemas (or parseBody) gave.
 */
export type AnyApiRoute = Omit<ApiRoute, 'handler' | 'parseBody'> & {
  handler(ctx: RouteContext<Loose, Loose, unknown, Loose>): unknown;
  parseBody?: (body: unknown) => unknown;
};
export type AnyPageRoute = Omit<PageRoute, 'handler' | 'parseBody'> & {
  handler(ctx: RouteContext<Loose, Loose, unknown, Loose>): unknown;
  parseBody?: (body: unknown) => unknown;
};
export type AnyRoute = AnyApiRoute | AnyPageRoute;

/** `/storefronts/:slug/wallets` → `/storefronts/{slug}/wallets`. */
export function templateOf(path: string): string {
  return path.replace(/:(\w+)/g, '{$1}');
}

/** The first path segment a route answers to, lower case (`/storefronts/:slug` → `storefronts`); null when it is a parameter. */
export function firstSegment(path: string): string | null {
  const segment = path.slice(1).split('/', 1)[0] ?? '';
  return /[:*{}()?+\\]/.test(segment) ? null : segment.toLowerCase();
}
