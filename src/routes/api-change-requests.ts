import { Router } from 'express';
import { z } from 'zod';
import type { RouteDeps } from '../http/route-deps.ts';
import { applyChange, setSecondOperatorPolicy } from '../actions/change-requests.ts';
import { eventJson } from '../presenters/api-json.ts';
import { requireActor, requireSignIn, signedIn } from '../http/auth.ts';
import { PolicyBody } from '../http/inputs/integrations.ts';
import { parseInput } from '../http/validate.ts';

const ChangeParams = z.object({ id: z.coerce.number({ message: 'a change request number' }).int().positive().max(2 ** 31) });
const GroupParams = z.object({ group: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a group slug such as alibaba') });

/** GET /api/change-requests, POST /api/change-requests/:id/approve, GET and PUT /api/policies/:group. */
export function apiChangeRequestRoutes(deps: RouteDeps): Router {
  const router = Router();
  router.use(['/change-requests', '/policies'], requireSignIn);

  router.get('/change-requests', (_req, res) => {
    res.json({ changeRequests: deps.repos.changeRequests.pending(null) });
  });

  router.post('/change-requests/:id/approve', requireActor, (req, res) => {
    const { id } = parseInput(ChangeParams, req.params);
    const { change, result } = applyChange(deps, { id, actor: signedIn(req) });
    res.json({ changeRequest: change, event: eventJson(result.event) });
  });

  router.get('/policies/:group', (req, res) => {
    const { group } = parseInput(GroupParams, req.params);
    res.json({ group, secondOperator: deps.repos.changeRequests.secondOperator(group) });
  });

  router.put('/policies/:group', requireActor, (req, res) => {
    const { group } = parseInput(GroupParams, req.params);
    const { secondOperator } = parseInput(PolicyBody, req.body);
    setSecondOperatorPolicy(deps, { group, on: secondOperator, actor: signedIn(req) });
    res.json({ group, secondOperator });
  });

  return router;
}
