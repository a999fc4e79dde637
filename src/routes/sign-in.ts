import type { Request } from 'express';
import type { AppSettings } from '../http/route-deps.ts';
import { checkCredentials } from '../actions/sign-in.ts';
import { DEMO_PERSONAS } from '../db/demo-personas.ts';
import { endSession, startSession } from '../http/auth.ts';
import { rendersForm, type FormRenderer } from '../http/errors.ts';
import { SignInForm } from '../http/inputs/integrations.ts';
import { page, signedInPages } from '../http/page-table.ts';
import { renderPage } from '../http/render.ts';
import type { AnyPageRoute } from '../http/route-table.ts';
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
  renderPage(
    res,
    'pages/sign-in',
    {
      title: 'Sign in',
      username: view.username ?? '',
      next: view.next ?? '',
      errors: view.errors ?? {},
      refusal: view.refusal,
      personas: deps.demo ? DEMO_PERSONAS : [],
    },
    status,
  );
}

/** The sign-in form again, with what was wrong. */
const renderSignInAgain: FormRenderer = (req, res, failure) => {
  const next = SignInForm.shape.next.safeParse(failure.values.next);
  renderSignIn(
    worldOf(req),
    res,
    {
      username: text(failure.values.username),
      next: next.success ? next.data : undefined,
      errors: failure.errors,
      ...(failure.code !== 'bad_request' && { refusal: failure.message }),
    },
    failure.status,
  );
};

/** Declared before the body parser too, so an oversize form comes back with its message. */
export const signInFormRenderer = () => rendersForm(renderSignInAgain);

export const signInPages: AnyPageRoute[] = [
  page({
    method: 'get',
    path: '/sign-in',
    view: 'pages/sign-in',
    handler: ({ req, res, world }) => {
      if (req.user) return res.redirect(303, returnPathOf(req, nextFrom(req), '/console'));
      renderSignIn(world, res, { next: nextFrom(req) });
    },
  }),
  page({
    method: 'post',
    path: '/sign-in',
    body: SignInForm,
    view: 'pages/sign-in',
    rendersForm: renderSignInAgain,
    handler: async ({ req, res, world, body }) => {
      // The home world's people and throttle, in every world: a lock-out holds in each sandbox too.
      const user = await checkCredentials(world.identity, { ...body, address: req.ip ?? 'unknown' });
      startSession(world, req, res, user.id);
      res.redirect(303, returnPathOf(req, body.next, '/console'));
    },
  }),
  page({
    method: 'post',
    path: '/sign-out',
    guard: signedInPages,
    handler: ({ req, res, world }) => {
      world.logger.info({ username: req.user?.username }, 'signed out');
      endSession(world, req, res);
      seeOther(req, res, '/');
    },
  }),
];
