import { Router, type Request, type Response } from 'express';
import { issueApiToken } from '../actions/sign-in.ts';
import type { UserRow } from '../db/users.ts';
import { Refusal } from '../domain/errors.ts';
import { requirePageSignIn, signedIn } from '../http/auth.ts';
import { rendersForm } from '../http/errors.ts';
import { TOKEN_DAYS, TokenIdParams, TokenLabelForm } from '../http/inputs/integrations.ts';
import { renderPage } from '../http/render.ts';
import { parseInput } from '../http/validate.ts';
import { seeOther, worldOf } from '../http/visit.ts';

interface AccountView {
  newToken?: string;
  label?: string;
  errors?: Record<string, string>;
}

/** The account page: the person's API tokens (create, list, revoke). */
export function accountRoutes(): Router {
  const router = Router();
  router.use('/account', requirePageSignIn);

  function currentUser(req: Request): UserRow {
    const user = worldOf(req).people.users.byUsername(signedIn(req).username);
    if (!user) throw new Refusal('unauthorized', 'Sign in first.');
    return user;
  }

  function renderAccount(req: Request, res: Response, view: AccountView = {}, status = 200): void {
    const deps = worldOf(req);
    const user = currentUser(req);
    renderPage(res, 'account/account', {
      title: 'Your account', account: user, tokens: deps.people.apiTokens.forUser(user.id),
      newToken: view.newToken, label: view.label ?? '', errors: view.errors ?? {}, tokenDays: TOKEN_DAYS, now: deps.clock.now().toISOString(),
    }, status);
  }

  router.get('/account', (req, res) => renderAccount(req, res));

  const accountAgain = rendersForm((req, res, failure) => {
    renderAccount(req, res, { label: typeof failure.values.label === 'string' ? failure.values.label : '', errors: failure.errors }, failure.status);
  });

  router.post('/account/tokens', accountAgain, (req, res) => {
    const input = parseInput(TokenLabelForm, req.body);
    const { token } = issueApiToken(worldOf(req), currentUser(req), input.label, input.expiresInDays);
    renderAccount(req, res, { newToken: token }, 201);
  });

  router.post('/account/tokens/:id/revoke', (req, res) => {
    const deps = worldOf(req);
    const { id } = parseInput(TokenIdParams, req.params);
    const user = currentUser(req);
    if (!deps.people.apiTokens.revoke(id, user.id, deps.clock.now().toISOString())) {
      throw new Refusal('not_found', 'You have no active token with that id.');
    }
    deps.logger.info({ username: user.username, tokenId: id }, 'api token revoked');
    seeOther(req, res, '/account');
  });

  return router;
}
