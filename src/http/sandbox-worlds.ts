import type { Request, RequestHandler, Response, Router } from 'express';
import type { SandboxManager, SandboxWorld } from '../actions/sandboxes.ts';
import type { SignInDeps } from '../actions/sign-in.ts';
import { Refusal } from '../domain/errors.ts';
import { newSecret, sha256 } from '../domain/passwords.ts';
import type { SandboxVisitor } from '../domain/sandbox-owners.ts';
import { sessionPerson, tokenPerson } from './auth.ts';
import { toProblem } from './errors.ts';
import { OWNER_COOKIE, OWNER_KEY_DAYS, ownerKeyOf } from './owner-key.ts';
import { sendProblem } from './problem.ts';
import { homeIdentity, routeDeps, type AppDeps, type AppSettings, type RouteDeps } from './route-deps.ts';
import { visitWorld, worldOf } from './visit.ts';

export { OWNER_COOKIE } from './owner-key.ts';

/** Gives the browser its owner key (the one it holds, or a new one) and returns the hash an anonymous owner is recorded by. */
export function giveOwnerKey(req: Request, res: Response, secure: boolean): string {
  const key = ownerKeyOf(req) ?? newSecret();
  res.cookie(OWNER_COOKIE, key, { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: OWNER_KEY_DAYS * 24 * 3600 * 1000 });
  return sha256(key);
}

const visitors = new WeakMap<Request, SandboxVisitor>();

/**
 * Who asks to use a sandbox: the person of the home world (an API request: its bearer token, never
 * a cookie; a page: its session), and the owner key the browser holds. Resolved once a request;
 * the key's hash only when read (an admin's or a person's sandbox never reads it).
 */
export function sandboxVisitorOf(req: Request, via: 'api' | 'pages', identity: SignInDeps = worldOf(req).identity): SandboxVisitor {
  const known = visitors.get(req);
  if (known) return known;
  const found = via === 'api' ? tokenPerson(req, identity) : sessionPerson(req, identity);
  const key = ownerKeyOf(req);
  let hash: string | undefined;
  const visitor: SandboxVisitor = {
    person: found && { id: found.user.id, role: found.user.role },
    get ownerKeyHash() {
      if (key === null) return null;
      hash ??= sha256(key);
      return hash;
    },
    demo: identity.demo,
  };
  visitors.set(req, visitor);
  return visitor;
}

// Express matches paths case-insensitively: /API/… reaches the API, so the door must see it as one.
const isApi = (req: Request) => /^\/api(?:\/|$)/i.test(req.path);

/**
 * /sandboxes/:sandboxId/… — every page and API route, run in a sandbox's own world: its
 * database, its clock, its shopper cookie (scoped to its path) and links that stay inside it (the
 * visit's base). The routes are the same ones the default world runs; only the world differs.
 * People are the home world's in every world (one sign-in, one lock-out, tokens on real time).
 *
 * The door: only the sandbox's owner or an admin enters (the manager decides, in liveRow); anyone
 * else is answered exactly as for a sandbox that does not exist.
 */
export function sandboxWorlds(manager: SandboxManager, app: AppDeps, settings: AppSettings, routes: Router): RequestHandler {
  const worlds = new WeakMap<SandboxWorld, RouteDeps>();
  const identity = homeIdentity(app);
  const signIn: SignInDeps = { ...identity, logger: settings.logger, demo: settings.demo };

  function worldOfSandbox(sandbox: SandboxWorld, base: string): RouteDeps {
    let world = worlds.get(sandbox);
    if (!world) {
      world = routeDeps({
        db: sandbox.db,
        clock: sandbox.clock,
        repos: sandbox.repos,
        logger: settings.logger,
        config: app.config,
        webhookResolve: settings.webhookResolve,
        sandbox: { id: sandbox.id, base, manager },
        identity,
      });
      worlds.set(sandbox, world);
    }
    return world;
  }

  return (req, res, next) => {
    const id = String(req.params.sandboxId);
    const api = isApi(req);
    let entered: ReturnType<SandboxManager['enter']>;
    try {
      entered = manager.enter(id, sandboxVisitorOf(req, api ? 'api' : 'pages', signIn));
    } catch (error) {
      if (!(error instanceof Refusal)) return next(error);
      // An API client gets problem+json; a browser the default world's page for a missing sandbox.
      if (api) return sendProblem(res, toProblem(error, req, settings.logger));
      return next();
    }
    // The world stays open while the request is in it (an idle one may be closed to make room).
    res.once('close', entered.leave);
    const sandbox = entered.world;
    const base = `/sandboxes/${sandbox.id}`;
    visitWorld(routes, req, res, next, worldOfSandbox(sandbox, base), base);
  };
}
