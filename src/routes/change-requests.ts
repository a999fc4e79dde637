import { z } from 'zod';
import { applyChange, setSecondOperatorPolicy } from '../actions/change-requests.ts';
import { signedIn } from '../http/auth.ts';
import { actorPages, page, signedInPages } from '../http/page-table.ts';
import { renderPage } from '../http/render.ts';
import type { AnyPageRoute } from '../http/route-table.ts';
import { seeOther } from '../http/visit.ts';

const ChangeParams = z.object({
  id: z.coerce
    .number({ message: 'a change request number' })
    .int()
    .positive()
    .max(2 ** 31),
});
const GroupParams = z.object({ group: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a group slug such as alibaba') });
const PolicyForm = z.object({ secondOperator: z.enum(['on', 'off'], { message: 'on or off' }) });

/** The console's second-operator policy page and the approval of held changes. */
export const changeRequestPages: AnyPageRoute[] = [
  page({
    method: 'get',
    path: '/console/policies',
    guard: signedInPages,
    view: 'console/policies',
    handler: ({ req, res, world }) => {
      const groups = new Map(world.repos.catalog.storefronts().map((s) => [s.groupSlug, s.groupName]));
      renderPage(res, 'console/policies', {
        title: 'Change policies',
        mayEdit: signedIn(req).role === 'admin',
        pending: world.repos.changeRequests.pending(null),
        groups: [...groups].map(([slug, name]) => ({ slug, name, secondOperator: world.repos.changeRequests.secondOperator(slug) })),
        notice: req.query.done === 'policy' ? 'Policy saved.' : undefined,
      });
    },
  }),
  page({
    method: 'post',
    path: '/console/policies/:group',
    guard: actorPages,
    params: GroupParams,
    body: PolicyForm,
    handler: ({ req, res, world, params: { group }, body: { secondOperator } }) => {
      setSecondOperatorPolicy(world, { group, on: secondOperator === 'on', actor: signedIn(req) });
      seeOther(req, res, '/console/policies?done=policy');
    },
  }),
  page({
    method: 'post',
    path: '/console/change-requests/:id/approve',
    guard: actorPages,
    params: ChangeParams,
    handler: ({ req, res, world, params: { id } }) => {
      const { change } = applyChange(world, { id, actor: signedIn(req) });
      seeOther(req, res, `/console/integrations/${change.storefrontSlug}/${change.walletSlug}?done=${change.verb}`);
    },
  }),
];
