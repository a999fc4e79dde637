import { Router } from 'express';
import { z } from 'zod';
import { applyChange, setSecondOperatorPolicy } from '../actions/change-requests.ts';
import { requirePageActor, requirePageSignIn, signedIn } from '../http/auth.ts';
import { renderPage } from '../http/render.ts';
import { parseInput } from '../http/validate.ts';
import { seeOther, worldOf } from '../http/visit.ts';

const ChangeParams = z.object({ id: z.coerce.number({ message: 'a change request number' }).int().positive().max(2 ** 31) });
const GroupParams = z.object({ group: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a group slug such as alibaba') });
const PolicyForm = z.object({ secondOperator: z.enum(['on', 'off'], { message: 'on or off' }) });

/** The console's second-operator policy page and the approval of held changes. */
export function changeRequestRoutes(): Router {
  const router = Router();

  router.get('/console/policies', requirePageSignIn, (req, res) => {
    const deps = worldOf(req);
    const groups = new Map(deps.repos.catalog.storefronts().map((s) => [s.groupSlug, s.groupName]));
    renderPage(res, 'console/policies', {
      title: 'Change policies', mayEdit: signedIn(req).role === 'admin', pending: deps.repos.changeRequests.pending(null),
      groups: [...groups].map(([slug, name]) => ({ slug, name, secondOperator: deps.repos.changeRequests.secondOperator(slug) })),
      notice: req.query.done === 'policy' ? 'Policy saved.' : undefined,
    });
  });

  router.post('/console/policies/:group', requirePageActor, (req, res) => {
    const { group } = parseInput(GroupParams, req.params);
    const { secondOperator } = parseInput(PolicyForm, req.body);
    setSecondOperatorPolicy(worldOf(req), { group, on: secondOperator === 'on', actor: signedIn(req) });
    seeOther(req, res, '/console/policies?done=policy');
  });

  router.post('/console/change-requests/:id/approve', requirePageActor, (req, res) => {
    const { id } = parseInput(ChangeParams, req.params);
    const { change } = applyChange(worldOf(req), { id, actor: signedIn(req) });
    seeOther(req, res, `/console/integrations/${change.storefrontSlug}/${change.walletSlug}?done=${change.verb}`);
  });

  return router;
}
