import { Router, type Request, type Response } from 'express';
import type { RouteDeps } from '../app.ts';
import { checkCredentials } from '../actions/sign-in.ts';
import { DEMO_PERSONAS } from '../db/demo-personas.ts';
import { Refusal, STATUS_FOR_REFUSAL } from '../domain/errors.ts';
import { endSession, requireSignIn, startSession } from '../http/auth.ts';
import { errorsByField, fieldErrors } from '../http/problem.ts';
import { renderPage } from '../http/render.ts';
import { SignInForm } from '../http/inputs/integrations.ts';

interface SignInView {
  username?: string;
  next?: string | undefined;
  errors?: Record<string, string>;
  refusal?: string;
}

function renderSignIn(deps: RouteDeps, res: Response, view: SignInView, status = 200): void {
  renderPage(res, 'pages/sign-in', {
    title: 'Sign in', username: view.username ?? '', next: view.next ?? '', errors: view.errors ?? {}, refusal: view.refusal,
    personas: deps.demo ? DEMO_PERSONAS : [],
  }, status);
}

const nextFrom = (req: Request) => SignInForm.shape.next.parse(req.query.next);

export function signInRoutes(deps: RouteDeps): Router {
  const router = Router();

  router.get('/sign-in', (req, res) => {
    if (req.user) return res.redirect(303, nextFrom(req) ?? '/console');
    renderSignIn(deps, res, { next: nextFrom(req) });
  });

  router.post('/sign-in', async (req, res) => {
    const input = SignInForm.safeParse(req.body);
    const username = typeof req.body?.username === 'string' ? req.body.username : '';
    if (!input.success) return renderSignIn(deps, res, { username, errors: errorsByField(fieldErrors(input.error)) }, 400);
    try {
      const user = await checkCredentials(deps, { ...input.data, address: req.ip ?? 'unknown' });
      startSession(deps, req, res, user.id);
      res.redirect(303, input.data.next ?? '/console');
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      renderSignIn(deps, res, { username, next: input.data.next, refusal: error.message }, STATUS_FOR_REFUSAL[error.kind]);
    }
  });

  router.post('/sign-out', requireSignIn, (req, res) => {
    deps.logger.info({ username: req.user?.username }, 'signed out');
    endSession(deps, req, res);
    res.redirect(303, '/');
  });

  return router;
}
