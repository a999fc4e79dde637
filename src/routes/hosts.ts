import { Router, type Request, type Response } from 'express';
import { storefrontOrNotFound } from '../actions/cart.ts';
import { chatOf, hostOrNotFound, messageOf, platformOfStorefront, shareProduct, shareTargets } from '../actions/host-journey.ts';
import { Refusal } from '../domain/errors.ts';
import { journeyStep } from '../domain/links/journey.ts';
import { BEHAVIOUR_LABELS } from '../domain/links/model.ts';
import { rendersForm, type FormFailure } from '../http/errors.ts';
import { ChatParams, HostParams, JourneyQuery, OpenParams, ShareForm, ShareParams } from '../http/inputs/hosts.ts';
import { renderPage } from '../http/render.ts';
import { shopperOf } from '../http/shopper.ts';
import { parseInput } from '../http/validate.ts';
import { flowLinkIn, seeOtherInFlow, standingOf, todayLink, visitOf, worldOf } from '../http/visit.ts';

/** The taps made so far on the way to a link; the day is the visit's `?asOf=`. */
const StepQuery = JourneyQuery.pick({ step: true });

/** The instant the request's pages stand at: the visit's date, or now. */
function atOf(req: Request): string {
  return standingOf(req).travel?.at ?? worldOf(req).clock.now().toISOString();
}

function renderShare(req: Request, res: Response, failure?: FormFailure): void {
  const { repos } = worldOf(req);
  const { slug, productId } = parseInput(ShareParams, req.params);
  const storefront = storefrontOrNotFound(repos, slug);
  const product = repos.catalog.product(slug, productId);
  if (!product) throw new Refusal('not_found', 'This shop has no such product.');
  const platform = platformOfStorefront(repos, slug);
  const targets = platform ? shareTargets(repos, platform, { shopper: shopperOf(req), at: atOf(req) }) : [];
  renderPage(res, 'shop/share', {
    title: `Share ${product.name}`, storefront, product, platform, targets, errors: failure?.errors ?? {}, refusal: failure?.code === 'conflict' ? failure.message : undefined,
    chosen: typeof failure?.values.target === 'string' ? failure.values.target : targets.find((t) => t.share !== 'none')?.value,
    todayPath: todayLink(req, `/shop/${slug}/share/${productId}`),
  }, failure?.status ?? 200);
}

/**
 * The shared-link journey (no JavaScript needed): a host app's chats as they stood on a day,
 * links rendered and opened by the policy in force then, the pages in between, and the arrival in
 * a shop that knows it was opened inside the host. And "Share" on a product page.
 */
export function hostRoutes(): Router {
  const router = Router();

  router.get('/hosts', (req, res) => {
    renderPage(res, 'hosts/index', { title: 'Links across the walls', hosts: worldOf(req).repos.links.hosts() });
  });

  router.get('/hosts/:host', (req, res) => {
    const { repos } = worldOf(req);
    const { host } = parseInput(HostParams, req.params);
    const at = atOf(req);
    const row = hostOrNotFound(repos, host);
    const chats = row.surfaces.map((surface) => ({ surface, chat: chatOf(repos, { host, surface: surface.slug, shopper: shopperOf(req), at }) }));
    renderPage(res, 'hosts/chats', { title: row.name, host: row, chats, todayPath: todayLink(req, `/hosts/${host}`) });
  });

  router.get('/hosts/:host/:surface', (req, res) => {
    const { host, surface } = parseInput(ChatParams, req.params);
    const chat = chatOf(worldOf(req).repos, { host, surface, shopper: shopperOf(req), at: atOf(req) });
    renderPage(res, 'hosts/chat', {
      title: `${chat.surface.name} — ${chat.host.name}`, chat, behaviourLabels: BEHAVIOUR_LABELS, todayPath: todayLink(req, `/hosts/${host}/${surface}`),
    });
  });

  // Tapping a link: each extra page is a step (?step=1, 2, …) until the arrival, which is a redirect.
  router.get('/hosts/:host/:surface/open/:message', (req, res) => {
    const { host, surface, message: id } = parseInput(OpenParams, req.params);
    const { step } = parseInput(StepQuery, req.query);
    const { travel } = standingOf(req);
    const message = messageOf(worldOf(req).repos, { host, surface, shopper: shopperOf(req), at: atOf(req), message: id });
    const where = journeyStep(message.open.behaviour, step);
    const storefront = message.platform.storefront;
    if (where.kind === 'arrive') {
      if (!storefront) {
        return renderPage(res, 'hosts/no-shop', { title: message.platform.name, message, host: message.open.policy.hostName, taps: where.taps });
      }
      const inside = where.arrival === 'in_app_browser';
      const path = `/shop/${storefront}?arrived=${where.taps}${inside ? '' : `&left=${host}&via=${where.arrival}`}`;
      return seeOtherInFlow(req, res, path, { travel, openedIn: inside ? { host, name: message.open.policy.hostName } : null });
    }
    const visit = visitOf(req);
    renderPage(res, 'hosts/step', {
      title: `${message.platform.name} link — ${message.open.policy.hostName}`, message, where,
      next: flowLinkIn(visit, `/hosts/${host}/${surface}/open/${id}?step=${step + 1}`),
      chatPath: flowLinkIn(visit, `/hosts/${host}/${surface}`),
    });
  });

  router.get('/shop/:slug/share/:productId', (req, res) => renderShare(req, res));

  router.post('/shop/:slug/share/:productId', rendersForm(renderShare), (req, res) => {
    const { slug, productId } = parseInput(ShareParams, req.params);
    const input = parseInput(ShareForm, req.body);
    const { travel } = standingOf(req);
    const now = worldOf(req).clock.now().toISOString();
    shareProduct(worldOf(req).repos, { shopper: shopperOf(req), storefront: slug, productId, host: input.target.host, surface: input.target.surface, at: travel?.at ?? now, now });
    seeOtherInFlow(req, res, `/hosts/${input.target.host}/${input.target.surface}?shared=1`, { travel, openedIn: null });
  });

  return router;
}
