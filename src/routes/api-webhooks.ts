import { Router } from 'express';
import type { RouteDeps } from '../http/route-deps.ts';
import { createWebhook, deleteWebhook, webhookDeliveries } from '../actions/webhooks.ts';
import { requireRole, signedIn } from '../http/auth.ts';
import { WebhookBody, WebhookParams } from '../http/inputs/webhooks.ts';
import { parseInput } from '../http/validate.ts';
import { linkTo } from '../http/visit.ts';
import { deliveryJson, webhookJson } from '../presenters/webhook-json.ts';

/** Webhooks for this world: operators and admins subscribe URLs to events; deliveries are signed (Standard Webhooks). */
export function apiWebhookRoutes(deps: RouteDeps): Router {
  const router = Router();
  router.use('/webhooks', requireRole('operator', 'admin'));

  router.post('/webhooks', (req, res) => {
    const body = parseInput(WebhookBody, req.body);
    const endpoint = createWebhook(deps.repos, deps.clock, deps.webhookAllow, { ...body, actor: signedIn(req) });
    res.status(201).location(linkTo(req, `/api/webhooks/${endpoint.id}`)).set('Cache-Control', 'no-store').json({ ...webhookJson(endpoint), secret: endpoint.secret });
  });

  router.get('/webhooks', (_req, res) => {
    res.json({ webhooks: deps.repos.webhooks.activeEndpoints().map(webhookJson) });
  });

  router.delete('/webhooks/:id', (req, res) => {
    const { id } = parseInput(WebhookParams, req.params);
    deleteWebhook(deps.repos, deps.clock, id);
    res.status(204).end();
  });

  router.get('/webhooks/:id/deliveries', (req, res) => {
    const { id } = parseInput(WebhookParams, req.params);
    const { endpoint, deliveries } = webhookDeliveries(deps.repos, id);
    res.json({ webhook: endpoint.id, deliveries: deliveries.map(deliveryJson) });
  });

  return router;
}
