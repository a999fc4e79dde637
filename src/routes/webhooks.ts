import type { Request, Response } from 'express';
import { resendDelivery, resendFailedSince, sendTestEvent, webhookDeliveries } from '../actions/webhook-log.ts';
import { createWebhook, rotateWebhookSecret, setWebhookEnabled, updateWebhook, webhooksOf } from '../actions/webhooks.ts';
import { DELIVERY_STATUSES } from '../db/webhooks.ts';
import { hasFaults, type WebhookFaults } from '../domain/webhook-schedule.ts';
import { EVENT_TYPES } from '../domain/webhooks.ts';
import { signedIn } from '../http/auth.ts';
import type { FormFailure } from '../http/errors.ts';
import { DeliveryFilterQuery, ResendFailedForm, RotateForm, WebhookEditForm, WebhookForm } from '../http/inputs/webhook-forms.ts';
import { DeliveryParams, WebhookParams } from '../http/inputs/webhooks.ts';
import { actorPages, page } from '../http/page-table.ts';
import { renderPage } from '../http/render.ts';
import type { AnyPageRoute } from '../http/route-table.ts';
import { seeOther, worldOf } from '../http/visit.ts';

/** The faults a form asked for, or undefined when none (so the default world refuses only what was asked). */
function faultsOf(body: {
  duplicate?: boolean | undefined;
  delaySeconds?: number | undefined;
  shuffleWindow?: number | undefined;
}): WebhookFaults | undefined {
  const faults = { duplicate: body.duplicate, delaySeconds: body.delaySeconds, shuffleWindow: body.shuffleWindow };
  return hasFaults(faults) ? faults : undefined;
}

const paramId = (req: Request) => String(req.params.id ?? '');

/** The form's field errors, and the refusal's sentence under `form` (a stale version, a webhook gone). */
const errorsOf = (failure?: FormFailure): Record<string, string> => (failure ? { form: failure.message, ...failure.errors } : {});

function renderList(req: Request, res: Response, failure?: FormFailure, created?: { id: string; secret: string }): void {
  const world = worldOf(req);
  renderPage(
    res,
    'webhooks/list',
    {
      title: 'Webhooks',
      webhooks: webhooksOf(world.repos, signedIn(req)),
      inSandbox: !!world.sandbox,
      eventTypes: EVENT_TYPES,
      created: created ?? null,
      errors: errorsOf(failure),
      values: failure?.values ?? {},
    },
    failure?.status ?? (created ? 201 : 200),
  );
}

function renderEndpoint(req: Request, res: Response, failure?: FormFailure, rotated?: string): void {
  const world = worldOf(req);
  const filter = DeliveryFilterQuery.safeParse(req.query);
  const chosen = filter.success ? filter.data : {};
  const { endpoint, deliveries } = webhookDeliveries(world.repos, signedIn(req), paramId(req), chosen);
  renderPage(
    res,
    'webhooks/endpoint',
    {
      title: `Webhook ${endpoint.id}`,
      endpoint,
      deliveries,
      filter: chosen,
      statuses: DELIVERY_STATUSES,
      inSandbox: !!world.sandbox,
      now: world.clock.now().toISOString(),
      rotatedSecret: rotated ?? null,
      errors: errorsOf(failure),
      values: failure?.values ?? {},
    },
    failure?.status ?? 200,
  );
}

const target = (req: Request) => ({ allow: worldOf(req).webhookAllow, resolve: worldOf(req).webhookResolve });

/**
 * /webhooks and /webhooks/:id, in every world: an operator's, reviewer's or admin's endpoints
 * (their scope's; anyone else's is a 404, as in the API) and each one's messages and attempts.
 * Plain forms, no script: add, edit, rotate, disable and enable, test, resend.
 */
export const webhookPages: AnyPageRoute[] = [
  page({ method: 'get', path: '/webhooks', guard: actorPages, view: 'webhooks/list', handler: ({ req, res }) => renderList(req, res) }),
  page({
    method: 'post',
    path: '/webhooks',
    guard: actorPages,
    body: WebhookForm,
    view: 'webhooks/list',
    rendersForm: renderList,
    handler: async ({ req, res, world, body }) => {
      const endpoint = await createWebhook(world.repos, world.clock, target(req), {
        url: body.url,
        events: body.events,
        faults: faultsOf(body),
        actor: signedIn(req),
        inSandbox: !!world.sandbox,
      });
      res.set('Cache-Control', 'no-store');
      renderList(req, res, undefined, { id: endpoint.id, secret: endpoint.secret });
    },
  }),
  page({
    method: 'get',
    path: '/webhooks/:id',
    guard: actorPages,
    params: WebhookParams,
    view: 'webhooks/endpoint',
    handler: ({ req, res }) => renderEndpoint(req, res),
  }),
  page({
    method: 'post',
    path: '/webhooks/:id',
    guard: actorPages,
    params: WebhookParams,
    body: WebhookEditForm,
    view: 'webhooks/endpoint',
    rendersForm: renderEndpoint,
    handler: async ({ req, res, world, params, body }) => {
      await updateWebhook(world.repos, world.clock, target(req), {
        id: params.id,
        actor: signedIn(req),
        expectedVersion: body.version,
        url: body.url,
        events: body.events,
        faults: world.sandbox ? (faultsOf(body) ?? null) : faultsOf(body),
        inSandbox: !!world.sandbox,
      });
      seeOther(req, res, `/webhooks/${params.id}?saved=1`);
    },
  }),
  ...(['disable', 'enable'] as const).map((verb) =>
    page({
      method: 'post',
      path: `/webhooks/:id/${verb}`,
      guard: actorPages,
      params: WebhookParams,
      view: 'webhooks/endpoint',
      rendersForm: renderEndpoint,
      handler: ({ req, res, world, params }) => {
        setWebhookEnabled(world.repos, world.clock, signedIn(req), params.id, verb === 'enable');
        seeOther(req, res, `/webhooks/${params.id}`);
      },
    }),
  ),
  page({
    method: 'post',
    path: '/webhooks/:id/rotate',
    guard: actorPages,
    params: WebhookParams,
    body: RotateForm,
    view: 'webhooks/endpoint',
    rendersForm: renderEndpoint,
    handler: ({ req, res, world, params, body }) => {
      const endpoint = rotateWebhookSecret(world.repos, world.clock, signedIn(req), params.id, body.version);
      res.set('Cache-Control', 'no-store');
      renderEndpoint(req, res, undefined, endpoint.secret);
    },
  }),
  page({
    method: 'post',
    path: '/webhooks/:id/test',
    guard: actorPages,
    params: WebhookParams,
    view: 'webhooks/endpoint',
    rendersForm: renderEndpoint,
    handler: ({ req, res, world, params }) => {
      sendTestEvent(world.repos, world.clock, signedIn(req), params.id);
      seeOther(req, res, `/webhooks/${params.id}`);
    },
  }),
  page({
    method: 'post',
    path: '/webhooks/:id/deliveries/:deliveryId/resend',
    guard: actorPages,
    params: DeliveryParams,
    view: 'webhooks/endpoint',
    rendersForm: renderEndpoint,
    handler: ({ req, res, world, params }) => {
      resendDelivery(world.repos, world.clock, signedIn(req), params.id, params.deliveryId);
      seeOther(req, res, `/webhooks/${params.id}`);
    },
  }),
  page({
    method: 'post',
    path: '/webhooks/:id/resend-failed',
    guard: actorPages,
    params: WebhookParams,
    body: ResendFailedForm,
    view: 'webhooks/endpoint',
    rendersForm: renderEndpoint,
    handler: ({ req, res, world, params, body }) => {
      const resent = resendFailedSince(world.repos, world.clock, signedIn(req), params.id, body.since);
      seeOther(req, res, `/webhooks/${params.id}?resent=${resent}`);
    },
  }),
];
