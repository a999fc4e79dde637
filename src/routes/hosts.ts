import { Router, type Request, type Response } from 'express';
import type { RouteDeps } from '../http/route-deps.ts';
import { storefrontOrNotFound } from '../actions/cart.ts';
import { chatOf, hostOrNotFound, messageOf, platformOfStorefront, shareProduct, shareTargets } from '../actions/host-journey.ts';
import { Refusal } from '../domain/errors.ts';
import { journeyStep } from '../domain/links/journey.ts';
import { BEHAVIOUR_LABELS } from '../domain/links/model.ts';
import { rendersForm, type FormFailure } from '../http/errors.ts';
import { ChatParams, HostParams, JourneyQuery, OpenParams, ShareForm, ShareParams } from '../http/inputs/hosts.ts';
import { renderPage } from '../http/render.ts';
import { shopperOf } from '../http/shopper.ts';
import { carryAsOf, timeTravelLocals, timeTravelTo, type TimeTravel } from '../http/time-travel.ts';
import { parseInput } from '../http/validate.ts';

/**
 * The shared-link journey (no JavaScript needed): a host app's chats as they stood on a day,
 * links rendered and opened by the policy in force then, the pages in between, and the arrival in
 * a shop that knows it was opened inside the host. And "Share" on a product page.
 */
export function hostRoutes(deps: RouteDeps): Router {
  const router = Router();
  const at = (travel: TimeTravel | null) => travel?.at ?? deps.clock.now().toISOString();

  router.get('/hosts', (_req, res) => {
    renderPage(res, 'hosts/index', { title: 'Links across the walls', hosts: deps.repos.links.hosts(), ...timeTravelLocals(null, null) });
  });

  router.get('/hosts/:host', (req, res) => {
    const { host } = parseInput(HostParams, req.params);
    const travel = timeTravelTo(parseInput(JourneyQuery, req.query).asOf);
    const row = hostOrNotFound(deps.repos, host);
    const chats = row.surfaces.map((surface) => ({ surface, chat: chatOf(deps.repos, { host, surface: surface.slug, shopper: shopperOf(req), at: at(travel) }) }));
    renderPage(res, 'hosts/chats', { title: row.name, host: row, chats, ...timeTravelLocals(travel, `/hosts/${host}`) });
  });

  router.get('/hosts/:host/:surface', (req, res) => {
    const { host, surface } = parseInput(ChatParams, req.params);
    const travel = timeTravelTo(parseInput(JourneyQuery, req.query).asOf);
    const chat = chatOf(deps.repos, { host, surface, shopper: shopperOf(req), at: at(travel) });
    renderPage(res, 'hosts/chat', {
      title: `${chat.surface.name} — ${chat.host.name}`, chat, behaviourLabels: BEHAVIOUR_LABELS, ...timeTravelLocals(travel, `/hosts/${host}/${surface}`),
    });
  });

  // Tapping a link: each extra page is a step (?step=1, 2, …) until the arrival, which is a redirect.
  router.get('/hosts/:host/:surface/open/:message', (req, res) => {
    const { host, surface, message: id } = parseInput(OpenParams, req.params);
    const { asOf, step } = parseInput(JourneyQuery, req.query);
    const travel = timeTravelTo(asOf);
    const message = messageOf(deps.repos, { host, surface, shopper: shopperOf(req), at: at(travel), message: id });
    const where = journeyStep(message.open.behaviour, step);
    const storefront = message.platform.storefront;
    if (where.kind === 'arrive') {
      if (!storefront) {
        return renderPage(res, 'hosts/no-shop', { title: message.platform.name, message, host: message.open.policy.hostName, taps: where.taps, ...timeTravelLocals(travel, null) });
      }
      const inside = where.arrival === 'in_app_browser';
      const path = `/shop/${storefront}?arrived=${where.taps}${inside ? '' : `&left=${host}&via=${where.arrival}`}`;
      return res.redirect(303, carryAsOf(path, travel, inside ? { host, name: message.open.policy.hostName } : null));
    }
    const next = carryAsOf(`/hosts/${host}/${surface}/open/${id}?step=${step + 1}`, travel);
    renderPage(res, 'hosts/step', {
      title: `${message.platform.name} link — ${message.open.policy.hostName}`, message, where, next,
      chatPath: carryAsOf(`/hosts/${host}/${surface}`, travel), ...timeTravelLocals(travel, null),
    });
  });

  function renderShare(req: Request, res: Response, failure?: FormFailure): void {
    const { slug, productId } = parseInput(ShareParams, req.params);
    const storefront = storefrontOrNotFound(deps.repos, slug);
    const product = deps.repos.catalog.product(slug, productId);
    if (!product) throw new Refusal('not_found', 'This shop has no such product.');
    const travel = timeTravelTo(parseInput(JourneyQuery.pick({ asOf: true }), failure ? { asOf: failure.values.asOf } : req.query).asOf);
    const platform = platformOfStorefront(deps.repos, slug);
    const targets = platform ? shareTargets(deps.repos, platform, { shopper: shopperOf(req), at: at(travel) }) : [];
    renderPage(res, 'shop/share', {
      title: `Share ${product.name}`, storefront, product, platform, targets, errors: failure?.errors ?? {}, refusal: failure?.code === 'conflict' ? failure.message : undefined,
      chosen: typeof failure?.values.target === 'string' ? failure.values.target : targets.find((t) => t.share !== 'none')?.value,
      ...timeTravelLocals(travel, `/shop/${slug}/share/${productId}`),
    }, failure?.status ?? 200);
  }

  router.get('/shop/:slug/share/:productId', (req, res) => renderShare(req, res));

  router.post('/shop/:slug/share/:productId', rendersForm(renderShare), (req, res) => {
    const { slug, productId } = parseInput(ShareParams, req.params);
    const input = parseInput(ShareForm, req.body);
    const travel = timeTravelTo(input.asOf);
    const now = deps.clock.now().toISOString();
    shareProduct(deps.repos, { shopper: shopperOf(req), storefront: slug, productId, host: input.target.host, surface: input.target.surface, at: travel?.at ?? now, now });
    res.redirect(303, carryAsOf(`/hosts/${input.target.host}/${input.target.surface}?shared=1`, travel));
  });

  return router;
}
