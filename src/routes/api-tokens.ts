import { Router } from 'express';
import type { RouteDeps } from '../http/route-deps.ts';
import { checkCredentials, issueApiToken } from '../actions/sign-in.ts';
import { TokenRequest } from '../http/inputs/integrations.ts';
import { parseInput } from '../http/validate.ts';

/** POST /api/tokens: a username and password for a bearer token, for scripts. */
export function apiTokenRoutes(deps: RouteDeps): Router {
  const router = Router();

  router.post('/tokens', async (req, res) => {
    const input = parseInput(TokenRequest, req.body);
    const user = await checkCredentials(deps, { ...input, address: req.ip ?? 'unknown' });
    const { token, id, expiresAt } = issueApiToken(deps, user, input.label, input.expiresInDays);
    res.status(201).json({ token, tokenId: id, expiresAt });
  });

  return router;
}
