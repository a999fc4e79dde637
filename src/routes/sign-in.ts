import { Router, type Request } from 'express';
import type { AppSettings } from '../http/route-deps.ts';
import { checkCredentials } from '../actions/sign-in.ts';
import { DEMO_PERSONAS } from '../db/demo-personas.ts';
import { endSession, requirePageSignIn, startSession } from '../http/auth.ts';
import { rendersForm } from '../http/errors.ts';
import { SignInForm } from '../http/inputs/integrations.ts';
import { renderPage } from '../http/render.ts';
import { parseInput } from '../http/validate.ts';
import { returnPathOf, seeOther, worldOf } from '../http/visit.ts';

interface SignInView {
  username?: string;
  next?: string | undefined;
  errors?: Record<string, string>;
  refusal?: string;
}

const nextFrom = (req: Request) => SignInForm.shape.next.parse(req.query.next);
const text = (value: unknown) => (typeof value === 'string' ? value : '');

function renderSignIn(deps: Pick<AppSettings, 'demo'>, res: Parameters<typeof renderPage>[0], view: SignInView, status = 200): void {
  renderPage(res, 'pages/sign-in', {
    title: 'Sign in', username: view.username ?? '', next: view.next ?? '', errors: view.errors ?? {}, refusal: view.refusal,
    personas: deps.demo ? DEMO_PERSONAS : [],
  }, status);
}

/** The sign-in form again, with what was wrong; declared before the body parser so an oversize form comes back too. */
export function signInFormRenderer() {
  return rendersForm((req, res, failure) => {
    const deps = worldOf(req);
    const next = SignInForm.shape.next.safeParse(failure.values.next);
    renderSignIn(deps, res, {
      username: text(failure.values.username), next: next.success ? next.data : undefined, errors: failure.errors,
      ...(failure.code !== 'bad_request' && { refusal: failure.message }),
    }, failure.status);
  });
}

export function signInRoutes(settings: AppSettings): Router {
  const router = Router();

  router.get('/sign-in', (req, res) => {
    if (req.user) return res.redirect(303, returnPathOf(req, nextFrom(req), '/console'));
    renderSignIn(settings, res, { next: nextFrom(req) });
  });

  router.post('/sign-in', async (req, res) => {
    const deps = worldOf(req);
    const input = parseInput(SignInForm, req.body);
    const user = await checkCredentials(deps, { ...input, address: req.ip ?? 'unknown' });
    startSession(deps, req, res, user.id);
    res.redirect(303, returnPathOf(req, input.next, '/console'));
  });

  router.post('/sign-out', requirePageSignIn, (req, res) => {
    settings.logger.info({ username: req.user?.username }, 'signed out');
    endSession(worldOf(req), req, res);
    seeOther(req, res, '/');
  });

  return router;
}
