import type { Request, Response } from 'express';
import { storefrontOrNotFound } from '../actions/cart.ts';
import {
  chatOf,
  hostOrNotFound,
  messageOf,
  platformOfStorefront,
  shareChoice,
  shareProduct,
  shareTargets,
} from '../actions/host-journey.ts';
import { Refusal } from '../domain/errors.ts';
import { journeyStep, shareStep } from '../domain/links/journey.ts';
import { BEHAVIOUR_LABELS } from '../domain/links/model.ts';
import { endOfDayIso } from '../domain/time.ts';
import type { FormFailure } from '../http/errors.ts';
import { z } from 'zod';
import { ChatParams, HostParams, JourneyQuery, OpenParams, ShareForm, ShareParams, ShareStepQuery } from '../http/inputs/hosts.ts';
import { page } from '../http/page-table.ts';
import { renderPage } from '../http/render.ts';
import type { AnyPageRoute } from '../http/route-table.ts';
import { shopperOf } from '../http/shopper.ts';
import { parseInput } from '../http/validate.ts';
import { asOfForm, standingStatus } from '../views-helpers/as-of-form.ts';
import { flowLinkIn, seeOtherInFlow, standingOf, todayLink, visitOf, worldOf } from '../http/visit.ts';

/** The taps made so far on the way to a link; the day is the visit's `?asOf=`. */
const StepQuery = JourneyQuery.pick({ step: true });

/** The instant the request's pages stand at: the visit's date, or now. */
function atOf(req: Request): string {
  return standingOf(req).travel?.at ?? worldOf(req).clock.now().toISOString();
}

/** The message a share has just put in a chat (`?shared=<id>`): highlighted, with a line saying what happened. */
const JustShared = z.coerce.number().int().positive();

/**
 * The share page: where to share a product's link; or, once a surface that takes it by token is
 * chosen (`?target=…&step=…`), the step the person is at: copy the token, then paste it in the chat.
 */

/**
 * A chat page's day and its Day form: a `?asOf=` that is not valid is not a dead end — the page
 * shows today, as a 400, with the form holding what was typed and the field's message.
 */
function chatDay(req: Request, action: string) {
  const visit = visitOf(req);
  const at = visit.travel?.at ?? visit.world.clock.now().toISOString();
  return { at, asOfForm: asOfForm(action, at, req.query.asOf, visit.invalid), status: standingStatus(visit.invalid) };
}

function renderShare(req: Request, res: Response, failure?: FormFailure): void {
  const { repos } = worldOf(req);
  const { slug, productId } = parseInput(ShareParams, req.params);
  const storefront = storefrontOrNotFound(repos, slug);
  const product = repos.catalog.product(slug, productId);
  if (!product) throw new Refusal('not_found', 'This shop has no such product.');
  const platform = platformOfStorefront(repos, slug);
  const shopper = shopperOf(req);
  const at = atOf(req);
  const targets = platform ? shareTargets(repos, platform, { shopper, at }) : [];
  const { target, step } = failure ? { target: undefined, step: 0 } : parseInput(ShareStepQuery, req.query);
  const choice = target && shareChoice(repos, { shopper, storefront: slug, productId, ...target, at });
  const where = choice ? shareStep(choice.sharedAs, Math.min(step, 1)) : null;
  const targetValue = target ? `${target.host}/${target.surface}` : undefined;
  renderPage(
    res,
    'shop/share',
    {
      title: `Share ${product.name}`,
      storefront,
      product,
      platform,
      targets,
      errors: failure?.errors ?? {},
      refusal: failure?.code === 'conflict' ? failure.message : undefined,
      chosen:
        typeof failure?.values.target === 'string'
          ? failure.values.target
          : (targetValue ?? targets.find((t) => t.share !== 'none')?.value),
      sharing:
        choice && where?.kind === 'page' && targetValue
          ? {
              choice,
              where,
              target: targetValue,
              next: flowLinkIn(visitOf(req), `/shop/${slug}/share/${productId}?target=${targetValue}&step=${where.tap}`),
            }
          : null,
      todayPath: todayLink(req, `/shop/${slug}/share/${productId}`),
    },
    failure?.status ?? 200,
  );
}

/**
 * The shared-link journey (no JavaScript needed): a host app's chats as they stood on a day,
 * links rendered and opened by the policy in force then, the pages in between, and the arrival in
 * a shop that knows it was opened inside the host. And "Share" on a product page.
 */
export const hostPages: AnyPageRoute[] = [
  page({
    method: 'get',
    path: '/hosts',
    view: 'hosts/index',
    handler: ({ res, world }) => {
      // Days worth a look, those the world has reached (a sandbox at 1 Oct 2021 has no December to show).
      const now = world.clock.now().toISOString();
      const exampleDays = ['2021-08-01', '2021-10-15', '2021-12-01'].filter((day) => endOfDayIso(day) <= now);
      renderPage(res, 'hosts/index', { title: 'Links across the walls', hosts: world.repos.links.hosts(), exampleDays });
    },
  }),
  page({
    method: 'get',
    path: '/hosts/:host',
    params: HostParams,
    view: 'hosts/chats',
    handler: ({ req, res, world, params: { host } }) => {
      const { at, asOfForm, status } = chatDay(req, `/hosts/${host}`);
      const row = hostOrNotFound(world.repos, host);
      const chats = row.surfaces.map((surface) => ({
        surface,
        chat: chatOf(world.repos, { host, surface: surface.slug, shopper: shopperOf(req), at }),
      }));
      renderPage(res, 'hosts/chats', { title: row.name, host: row, chats, asOfForm, todayPath: todayLink(req, `/hosts/${host}`) }, status);
    },
  }),
  page({
    method: 'get',
    path: '/hosts/:host/:surface',
    params: ChatParams,
    view: 'hosts/chat',
    handler: ({ req, res, world, params: { host, surface } }) => {
      const { at, asOfForm, status } = chatDay(req, `/hosts/${host}/${surface}`);
      const chat = chatOf(world.repos, { host, surface, shopper: shopperOf(req), at });
      const shared = JustShared.safeParse(req.query.shared);
      renderPage(
        res,
        'hosts/chat',
        {
          title: `${chat.surface.name} — ${chat.host.name}`,
          chat,
          justShared: (shared.success && chat.messages.find((m) => m.mine && m.id === `shared-${shared.data}`)) || null,
          behaviourLabels: BEHAVIOUR_LABELS,
          asOfForm,
          todayPath: todayLink(req, `/hosts/${host}/${surface}`),
        },
        status,
      );
    },
  }),
  // Tapping a link: each extra page is a step (?step=1, 2, …) until the arrival, which is a redirect.
  page({
    method: 'get',
    path: '/hosts/:host/:surface/open/:message',
    params: OpenParams,
    query: StepQuery,
    view: 'hosts/step',
    handler: ({ req, res, world, params: { host, surface, message: id }, query: { step } }) => {
      const { travel } = standingOf(req);
      const message = messageOf(world.repos, { host, surface, shopper: shopperOf(req), at: atOf(req), message: id });
      const where = journeyStep(message.open.behaviour, step);
      const storefront = message.platform.storefront;
      if (where.kind === 'arrive') {
        if (!storefront) {
          return renderPage(res, 'hosts/no-shop', {
            title: message.platform.name,
            message,
            host: message.open.policy.hostName,
            taps: where.taps,
          });
        }
        const inside = where.arrival === 'in_app_browser';
        const path = `/shop/${storefront}?arrived=${where.taps}${inside ? '' : `&left=${host}&via=${where.arrival}`}`;
        return seeOtherInFlow(req, res, path, { travel, openedIn: inside ? { host, name: message.open.policy.hostName } : null });
      }
      const visit = visitOf(req);
      renderPage(res, 'hosts/step', {
        title: `${message.platform.name} link — ${message.open.policy.hostName}`,
        message,
        where,
        next: flowLinkIn(visit, `/hosts/${host}/${surface}/open/${id}?step=${step + 1}`),
        chatPath: flowLinkIn(visit, `/hosts/${host}/${surface}`),
      });
    },
  }),
  page({
    method: 'get',
    path: '/shop/:slug/share/:productId',
    params: ShareParams,
    query: ShareStepQuery,
    view: 'shop/share',
    handler: ({ req, res }) => renderShare(req, res),
  }),
  page({
    method: 'post',
    path: '/shop/:slug/share/:productId',
    params: ShareParams,
    body: ShareForm,
    view: 'shop/share',
    rendersForm: renderShare,
    handler: ({ req, res, world, params: { slug, productId }, body: { target, step } }) => {
      const { travel } = standingOf(req);
      const now = world.clock.now().toISOString();
      const request = {
        shopper: shopperOf(req),
        storefront: slug,
        productId,
        host: target.host,
        surface: target.surface,
        at: travel?.at ?? now,
      };
      // A share by token is two taps (copy, then paste) before anything is in the chat.
      const where = shareStep(shareChoice(world.repos, request).sharedAs, step);
      if (where.kind === 'page') {
        return seeOtherInFlow(req, res, `/shop/${slug}/share/${productId}?target=${target.host}/${target.surface}&step=${where.tap - 1}`, {
          travel,
          openedIn: null,
        });
      }
      const { id } = shareProduct(world.repos, { ...request, now });
      seeOtherInFlow(req, res, `/hosts/${target.host}/${target.surface}?shared=${id}`, { travel, openedIn: null });
    },
  }),
];
