import type { Request, Response } from 'express';
import { issueApiToken } from '../actions/sign-in.ts';
import type { UserRow } from '../db/users.ts';
import { Refusal } from '../domain/errors.ts';
import { signedIn } from '../http/auth.ts';
import type { FormRenderer } from '../http/errors.ts';
import { TOKEN_DAYS, TokenIdParams, TokenLabelForm } from '../http/inputs/integrations.ts';
import { page, signedInPages } from '../http/page-table.ts';
import { renderPage } from '../http/render.ts';
import type { AnyPageRoute } from '../http/route-table.ts';
import { seeOther, worldOf } from '../http/visit.ts';

interface AccountView {
  newToken?: string;
  label?: string;
  errors?: Record<string, string>;
}

function currentUser(req: Request): UserRow {
  const user = worldOf(req).identity.people.users.byUsername(signedIn(req).username);
  if (!user) throw new Refusal('unauthorized', 'Sign in first.');
  return user;
}

function renderAccount(req: Request, res: Response, view: AccountView = {}, status = 200): void {
  const world = worldOf(req);
  const user = currentUser(req);
  renderPage(
    res,
    'account/account',
    {
      title: 'Your account',
      account: user,
      tokens: world.identity.people.apiTokens.forUser(user.id),
      newToken: view.newToken,
      label: view.label ?? '',
      errors: view.errors ?? {},
      tokenDays: TOKEN_DAYS,
      now: world.identity.clock.now().toISOString(),
    },
    status,
  );
}

const accountAgain: FormRenderer = (req, res, failure) => {
  renderAccount(
    req,
    res,
    { label: typeof failure.values.label === 'string' ? failure.values.label : '', errors: failure.errors },
    failure.status,
  );
};

/** The account page: the person's API tokens (create, list, revoke), the home world's in every world, on real time. */
export const accountPages: AnyPageRoute[] = [
  page({
    method: 'get',
    path: '/account',
    guard: signedInPages,
    view: 'account/account',
    handler: ({ req, res }) => renderAccount(req, res),
  }),
  page({
    method: 'post',
    path: '/account/tokens',
    guard: signedInPages,
    body: TokenLabelForm,
    view: 'account/account',
    rendersForm: accountAgain,
    handler: ({ req, res, world, body }) => {
      const { token } = issueApiToken(world.identity, currentUser(req), body.label, body.expiresInDays);
      renderAccount(req, res, { newToken: token }, 201);
    },
  }),
  page({
    method: 'post',
    path: '/account/tokens/:id/revoke',
    guard: signedInPages,
    params: TokenIdParams,
    handler: ({ req, res, world, params: { id } }) => {
      const user = currentUser(req);
      if (!world.identity.people.apiTokens.revoke(id, user.id, world.identity.clock.now().toISOString())) {
        throw new Refusal('not_found', 'You have no active token with that id.');
      }
      world.logger.info({ username: user.username, tokenId: id }, 'api token revoked');
      seeOther(req, res, '/account');
    },
  }),
];
