import { timingSafeEqual } from 'node:crypto';
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
 * the key's hash only when read (an admin's or a person's sandbox never reads it), by `hashKey`.
 */
export function sandboxVisitorOf(
  req: Request,
  via: 'api' | 'pages',
  identity: SignInDeps = worldOf(req).identity,
  hashKey: (key: string) => string = sha256,
): SandboxVisitor {
  const known = visitors.get(req);
  if (known) return known;
  const found = via === 'api' ? tokenPerson(req, identity) : sessionPerson(req, identity);
  const key = ownerKeyOf(req);
  let hash: string | undefined;
  const visitor: SandboxVisitor = {
    person: found && { id: found.user.id, role: found.user.role },
    get ownerKeyHash() {
      if (key === null) return null;
      hash ??= hashKey(key);
      return hash;
    },
    demo: identity.demo,
  };
  visitors.set(req, visitor);
  return visitor;
}

/** Sandboxes whose last verified owner key is remembered (a few per open world is plenty). */
const REMEMBERED_KEYS = 256;

/**
 * The owner key that last entered each sandbox, with its hash, so its next request does not
 * hash it again: a presented key equal to it (compared in constant time) has that hash. Only
 * the hash's work is saved: the door still compares the hash with the sandbox's owner.
 */
function verifiedKeys() {
  const last = new Map<string, { key: Buffer; hash: string }>();
  return {
    /** The remembered hash of `key` if it is the key that last entered sandbox `id`. */
    known(id: string, key: string): string | undefined {
      const remembered = last.get(id);
      const presented = Buffer.from(key);
      const same = remembered && remembered.key.length === presented.length && timingSafeEqual(remembered.key, presented);
      return same ? remembered.hash : undefined;
    },
    /** `key` (whose hash is `hash`) entered sandbox `id`; past the bound the oldest remembered is forgotten. */
    remember(id: string, key: string, hash: string): void {
      last.delete(id);
      last.set(id, { key: Buffer.from(key), hash });
      if (last.size > REMEMBERED_KEYS) last.delete(last.keys().next().value ?? id);
    },
  };
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
  const keys = verifiedKeys();

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
    let hashed: { key: string; hash: string } | undefined;
    const hashKey = (key: string) => {
      const known = keys.known(id, key);
      if (known !== undefined) return known;
      hashed = { key, hash: sha256(key) };
      return hashed.hash;
    };
    try {
      entered = manager.enter(id, sandboxVisitorOf(req, api ? 'api' : 'pages', signIn, hashKey));
      // Hashed here only for an anonymous owner's sandbox, and it matched: the visitor is in.
      if (hashed) keys.remember(id, hashed.key, hashed.hash);
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
