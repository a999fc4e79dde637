import { Router, type Request, type Response } from 'express';
import type { RouteDeps } from '../app.ts';
import { checkCredentials, issueApiToken } from '../actions/sign-in.ts';
import type { UserRow } from '../db/users.ts';
import { Refusal } from '../domain/errors.ts';
import { requireSignIn } from '../http/auth.ts';
import { errorsByField, fieldErrors } from '../http/problem.ts';
import { renderPage } from '../http/render.ts';
import { parseInput } from '../http/validate.ts';
import { TOKEN_DAYS, TokenIdParams, TokenLabelForm, TokenRequest } from './integration-inputs.ts';

interface AccountView {
  newToken?: string;
  label?: string;
  errors?: Record<string, string>;
}

function currentUser(deps: RouteDeps, req: Request): UserRow {
  const user = deps.people.users.byUsername(req.user?.username ?? '');
  if (!user) throw new Refusal('unauthorized', 'Sign in first.');
  return user;
}

function renderAccount(deps: RouteDeps, req: Request, res: Response, view: AccountView = {}, status = 200): void {
  const user = currentUser(deps, req);
  renderPage(res, 'account/account', {
    title: 'Your account', account: user, tokens: deps.people.apiTokens.forUser(user.id),
    newToken: view.newToken, label: view.label ?? '', errors: view.errors ?? {}, tokenDays: TOKEN_DAYS, now: deps.clock.now().toISOString(),
  }, status);
}

/** The account page (API tokens: create, list, revoke) and POST /api/tokens for scripts. */
export function apiTokenRoutes(deps: RouteDeps): Router {
  const router = Router();

  router.post('/api/tokens', async (req, res) => {
    const input = parseInput(TokenRequest, req.body);
    const user = await checkCredentials(deps, { ...input, address: req.ip ?? 'unknown' });
    const { token, id, expiresAt } = issueApiToken(deps, user, input.label, input.expiresInDays);
    res.status(201).json({ token, tokenId: id, expiresAt });
  });

  router.get('/account', requireSignIn, (req, res) => renderAccount(deps, req, res));

  router.post('/account/tokens', requireSignIn, (req, res) => {
    const input = TokenLabelForm.safeParse(req.body);
    if (!input.success) {
      const label = typeof req.body?.label === 'string' ? req.body.label : '';
      return renderAccount(deps, req, res, { label, errors: errorsByField(fieldErrors(input.error)) }, 400);
    }
    const { token } = issueApiToken(deps, currentUser(deps, req), input.data.label, input.data.expiresInDays);
    renderAccount(deps, req, res, { newToken: token }, 201);
  });

  router.post('/account/tokens/:id/revoke', requireSignIn, (req, res) => {
    const { id } = parseInput(TokenIdParams, req.params);
    const user = currentUser(deps, req);
    if (!deps.people.apiTokens.revoke(id, user.id, deps.clock.now().toISOString())) {
      throw new Refusal('not_found', 'You have no active token with that id.');
    }
    deps.logger.info({ username: user.username, tokenId: id }, 'api token revoked');
    res.redirect(303, '/account');
  });

  return router;
}
