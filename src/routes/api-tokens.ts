import { checkCredentials, issueApiToken } from '../actions/sign-in.ts';
import { TokenRequest } from '../http/inputs/integrations.ts';
import { noToken } from '../http/route-table-guards.ts';
import { apiRoute, reply } from '../http/route-table.ts';
import { TokenJson } from '../presenters/api-json.ts';

/** POST /api/tokens: a username and password for a bearer token, for scripts. */
export const tokenRoutes = [
  apiRoute({
    method: 'post',
    path: '/tokens',
    operationId: 'createToken',
    tags: ['integrations'],
    guard: noToken,
    summary: 'Exchange a username and password for an API token',
    description:
      'Needs no token. The token expires after expiresInDays (1, 7, 30 or 90; default 30), then answers 401 like a revoked one. A wrong username or password is 401. Ten failed attempts for one user from one address in 15 minutes lock that pair out (429) for 15 minutes, even with the right password. People and tokens are the default world’s: under /sandboxes/{id} this signs in to the same people, counts against the same lock-out, and the token works in the default world and in every sandbox its person may use.',
    body: TokenRequest,
    responses: { 201: { description: 'the token (shown once; stored only as a hash)', schema: TokenJson } },
    problems: ['rate_limited'],
    handler: async ({ req, world, body }) => {
      // A token of the home world, on real time: it works in every sandbox its person may enter.
      const user = await checkCredentials(world.identity, { ...body, address: req.ip ?? 'unknown' });
      const { token, id, expiresAt } = issueApiToken(world.identity, user, body.label, body.expiresInDays);
      return reply(201, { token, tokenId: id, expiresAt });
    },
  }),
];
