import type { Request, Response } from 'express';
import { z } from 'zod';
import { refundableOrder, refundOrder } from '../actions/refunds.ts';
import { paymentReasonShown } from '../domain/decline-reasons.ts';
import { REFUND_WINDOW_DAYS, refundScopeOf } from '../domain/refunds.ts';
import { requirePageRole, signedIn } from '../http/auth.ts';
import type { FormFailure, FormRenderer } from '../http/errors.ts';
import { orderId, yuanAmount } from '../http/inputs/common.ts';
import { page } from '../http/page-table.ts';
import { renderPage } from '../http/render.ts';
import type { AnyPageRoute, Guard } from '../http/route-table.ts';
import { seeOther, worldOf } from '../http/visit.ts';

const OrderParams = z.object({ id: orderId });
const RefundInput = z.object({
  amount: yuanAmount.refine((fen) => fen > 0, 'at least 0.01'),
  note: z.string().trim().max(200, 'at most 200 characters').optional(),
  // How many refunds the page showed: a form sent twice (a double click) makes one refund.
  refunds: z.coerce.number({ message: 'the number of refunds the page showed' }).int().min(0),
});

/** Operators (their group's storefronts' orders) and admins (every order). */
const refunders: Guard = {
  check: requirePageRole('operator', 'admin'),
  security: 'none',
  problems: ['unauthorized', 'forbidden'],
  who: 'An operator or an admin.',
};

function renderOrder(req: Request, res: Response, failure?: FormFailure): void {
  const { repos } = worldOf(req);
  const params = OrderParams.safeParse(req.params);
  const order = refundableOrder(repos, params.success ? params.data.id : '', signedIn(req));
  renderPage(
    res,
    'console/order',
    {
      title: `Order ${order.id}`,
      order,
      items: repos.orders.items(order.id),
      payments: repos.orders.payments(order.id).map((p) => ({
        ...p,
        reason: paymentReasonShown(p),
      })),
      refunds: repos.refunds.ofOrder(order.id),
      refundWindowDays: REFUND_WINDOW_DAYS,
      errors: failure?.errors ?? {},
      refusal: failure?.message,
      values: failure?.values ?? {},
    },
    failure?.status ?? 200,
  );
}

/** A refused refund shows the order again with the refusal; an order one may not see is the error page. */
const renderOrderAgain: FormRenderer = (req, res, failure) => {
  if (failure.code === 'not_found' || failure.code === 'unauthorized' || failure.code === 'forbidden') return false;
  renderOrder(req, res, failure);
};

/** The console's orders: an operator sees their group's storefronts' orders and refunds a paid one. */
export const consoleOrderPages: AnyPageRoute[] = [
  page({
    method: 'get',
    path: '/console/orders',
    guard: refunders,
    view: 'console/orders',
    handler: ({ req, res, world }) => {
      const { group } = refundScopeOf(signedIn(req));
      renderPage(res, 'console/orders', { title: 'Orders', orders: world.repos.orders.byGroup(group), everyGroup: group === null });
    },
  }),
  page({
    method: 'get',
    path: '/console/orders/:id',
    guard: refunders,
    view: 'console/order',
    handler: ({ req, res }) => renderOrder(req, res),
  }),
  page({
    method: 'post',
    path: '/console/orders/:id/refunds',
    guard: refunders,
    body: RefundInput,
    view: 'console/order',
    rendersForm: renderOrderAgain,
    handler: ({ req, res, world, body }) => {
      const params = OrderParams.safeParse(req.params);
      const { order } = refundOrder(world.repos, world.clock, {
        orderId: params.success ? params.data.id : '',
        amountFen: body.amount,
        note: body.note || null,
        actor: signedIn(req),
        magicAmounts: world.magicAmounts,
        expectedRefunds: body.refunds,
      });
      seeOther(req, res, `/console/orders/${order.id}`);
    },
  }),
];
