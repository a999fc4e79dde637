import { createHash } from 'node:crypto';
import type { Product } from '../db/catalog.ts';
import type { LinkHostRow, LinkPlatformRow } from '../db/link-policies.ts';
import type { Repositories } from '../db/repositories.ts';
import { Refusal } from '../domain/errors.ts';
import type { Host, LinkPlatform, Surface } from '../domain/links/model.ts';
import { openLink, type LinkPolicyView } from './links.ts';
import type { LinkOpenDecision } from '../domain/links/open.ts';

/** The friends who share links in the simulated chats (one per platform, always the same). */
const FRIENDS = ['Mei', 'Jun', 'Lin', 'Ping', 'Hao', 'Yan', 'Tao'];

export interface ChatMessage {
  /** `friend-<platform>` or `shared-<id>`: what the open link names. */
  id: string;
  from: string;
  mine: boolean;
  platform: LinkPlatformRow;
  /** What the link points to: a product of the platform's storefront (null: the platform has no storefront here). */
  product: Product | null;
  /** The link as a bare hyperlink shows it. */
  url: string;
  /** The text a copy-token share is (淘口令-style), to copy and paste in the platform's app. */
  token: string;
  /** For a link the shopper shared: how it got into the chat. */
  sharedAs?: 'one_click' | 'copy_paste';
  /** How it opens for this shopper at the chat's time, and the policy behind it. */
  open: LinkOpenDecision & { policy: LinkPolicyView };
}

export interface ChatView {
  host: LinkHostRow;
  surface: { slug: Surface; name: string };
  /** Messages whose link this surface takes, oldest first. */
  messages: ChatMessage[];
  /** Platforms whose links this surface does not take at that time (Moments): nothing of theirs can be posted. */
  refused: Array<{ platform: LinkPlatformRow; policy: LinkPolicyView }>;
}

export function hostOrNotFound(repos: Repositories, host: Host): LinkHostRow {
  const row = repos.links.hosts().find((h) => h.slug === host);
  if (!row) throw new Refusal('not_found', `This world has no host app "${host}".`);
  return row;
}

function surfaceOrNotFound(host: LinkHostRow, surface: Surface): { slug: Surface; name: string } {
  const row = host.surfaces.find((s) => s.slug === surface);
  if (!row)
    throw new Refusal(
      'not_found',
      `${host.name} has no ${surface.replace('_', ' ')}; it has: ${host.surfaces.map((s) => s.slug).join(', ')}.`,
    );
  return row;
}

/** A stable short code for a link (the same product always gets the same one). */
function code(...parts: (string | number)[]): string {
  return createHash('sha256').update(parts.join('/')).digest('base64url').slice(0, 8);
}

const LINK_DOMAINS: Partial<Record<LinkPlatform, string>> = {
  taobao: 'm.tb.cn',
  tmall: 'm.tb.cn',
  jd: 'u.jd.com',
  pinduoduo: 'mobile.yangkeduo.com',
  vipshop: 'm.vip.com',
  douyin: 'v.douyin.com',
  wechat: 'weixin.qq.com',
};

function messageFor(
  repos: Repositories,
  base: Omit<ChatMessage, 'url' | 'token' | 'open' | 'product'> & { productId: number | null },
  request: { host: Host; surface: Surface; shopper: string; at: string },
): ChatMessage {
  const storefront = base.platform.storefront;
  const product = storefront
    ? ((base.productId === null ? repos.catalog.products(storefront)[0] : repos.catalog.product(storefront, base.productId)) ?? null)
    : null;
  const linkCode = code(base.platform.slug, product?.id ?? 'home');
  const { productId: _productId, ...rest } = base;
  return {
    ...rest,
    product,
    url: `https://${LINK_DOMAINS[base.platform.slug] ?? 'example.com'}/h.${linkCode}`,
    token: `￥${linkCode}￥ copy this and open ${base.platform.name}`,
    open: openLink(repos, {
      host: request.host,
      surface: request.surface,
      platform: base.platform.slug,
      shopper: request.shopper,
      asOf: request.at,
    }),
  };
}

/**
 * One chat of a host as it stood at `at`, for one shopper: a friend's link from each platform the
 * host has a policy for on that surface, then the links the shopper shared there; each rendered and
 * opened by the policy in force then.
 */
export function chatOf(repos: Repositories, request: { host: Host; surface: Surface; shopper: string; at: string }): ChatView {
  const host = hostOrNotFound(repos, request.host);
  const surface = surfaceOrNotFound(host, request.surface);
  const platforms = repos.links.platforms();
  const onSurface = repos.links.list().filter((p) => p.host === request.host && p.surface === request.surface);
  const messages: ChatMessage[] = [];
  const refused: ChatView['refused'] = [];
  onSurface.forEach((policy, index) => {
    const platform = platforms.find((p) => p.slug === policy.platform);
    if (!platform) return;
    const message = messageFor(
      repos,
      { id: `friend-${platform.slug}`, from: FRIENDS[index % FRIENDS.length] ?? 'A friend', mine: false, platform, productId: null },
      request,
    );
    if (message.open.shareable) messages.push(message);
    else refused.push({ platform, policy: message.open.policy });
  });
  for (const shared of repos.sharedLinks.inChat(request.shopper, request.host, request.surface)) {
    const platform = platforms.find((p) => p.slug === shared.platform);
    if (!platform) continue;
    messages.push({
      ...messageFor(repos, { id: `shared-${shared.id}`, from: 'You', mine: true, platform, productId: shared.productId }, request),
      sharedAs: shared.sharedAs,
    });
  }
  return { host, surface, messages, refused };
}

/** The one message a tap names, as it opens at `at`. */
export function messageOf(
  repos: Repositories,
  request: { host: Host; surface: Surface; shopper: string; at: string; message: string },
): ChatMessage {
  const message = chatOf(repos, request).messages.find((m) => m.id === request.message);
  if (!message) throw new Refusal('not_found', 'There is no such message in this chat (at that time its link could not be posted here).');
  return message;
}

export interface ShareTarget {
  /** `host/surface`, the form's value. */
  value: string;
  hostName: string;
  surfaceName: string;
  /** How the day let the link onto that surface: one_click, copy_paste, or none (not taken). */
  share: LinkOpenDecision['share'];
  policy: LinkPolicyView;
}

/** Every host surface with a policy for `platform`, and how a link of it could be shared there at `at`. */
export function shareTargets(repos: Repositories, platform: LinkPlatformRow, request: { shopper: string; at: string }): ShareTarget[] {
  return repos.links.hosts().flatMap((h) =>
    h.surfaces.flatMap((s) => {
      if (!repos.links.find({ host: h.slug, surface: s.slug, platform: platform.slug })) return [];
      const decision = openLink(repos, {
        host: h.slug,
        surface: s.slug,
        platform: platform.slug,
        shopper: request.shopper,
        asOf: request.at,
      });
      return [{ value: `${h.slug}/${s.slug}`, hostName: h.name, surfaceName: s.name, share: decision.share, policy: decision.policy }];
    }),
  );
}

export interface ShareRequest {
  shopper: string;
  storefront: string;
  productId: number;
  host: Host;
  surface: Surface;
  at: string;
  now: string;
}

/** The link platform a storefront's links belong to (Taobao's for Taobao), or null: its products are not shared as links. */
export function platformOfStorefront(repos: Repositories, storefront: string): LinkPlatformRow | null {
  return repos.links.platforms().find((p) => p.storefront === storefront) ?? null;
}

export interface ShareChoice {
  platform: LinkPlatformRow;
  product: Product;
  hostName: string;
  surfaceName: string;
  /** How the day let the link onto the surface. */
  sharedAs: 'one_click' | 'copy_paste';
  /** The token a copy-and-paste share pastes (the one its message shows). */
  token: string;
  policy: LinkPolicyView;
}

/**
 * How a product's link could be shared into one of the shopper's chats at `at`: a share button
 * (one_click) or a token copied and pasted (copy_paste). A surface that does not take the link is refused.
 */
export function shareChoice(repos: Repositories, request: Omit<ShareRequest, 'now'>): ShareChoice {
  const platform = platformOfStorefront(repos, request.storefront);
  if (!platform) throw new Refusal('unprocessable', 'This shop’s links are not shared across the walls in this simulation.');
  const product = repos.catalog.product(request.storefront, request.productId);
  if (!product) throw new Refusal('not_found', 'This shop has no such product.');
  const host = hostOrNotFound(repos, request.host);
  const surface = surfaceOrNotFound(host, request.surface);
  const decision = openLink(repos, {
    host: request.host,
    surface: request.surface,
    platform: platform.slug,
    shopper: request.shopper,
    asOf: request.at,
  });
  if (!decision.shareable || decision.share === 'none') {
    throw new Refusal(
      'conflict',
      `${host.name} did not take ${platform.name} links in ${surface.name} then: there was nothing to share them to.`,
      {
        errors: [{ path: 'target', message: `${surface.name} did not take ${platform.name} links` }],
      },
    );
  }
  const linkCode = code(platform.slug, product.id);
  return {
    platform,
    product,
    hostName: host.name,
    surfaceName: surface.name,
    sharedAs: decision.share === 'one_click' ? 'one_click' : 'copy_paste',
    token: `￥${linkCode}￥ copy this and open ${platform.name}`,
    policy: decision.policy,
  };
}

/**
 * Shares a product's link into one of the shopper's chats, the way the day allowed (see shareChoice);
 * nothing is written on a refusal. Returns the shared message's row id.
 */
export function shareProduct(repos: Repositories, request: ShareRequest): { id: number; sharedAs: 'one_click' | 'copy_paste' } {
  const choice = shareChoice(repos, request);
  const id = repos.sharedLinks.insert({
    shopperId: request.shopper,
    host: request.host,
    surface: request.surface,
    platform: choice.platform.slug,
    storefront: request.storefront,
    productId: request.productId,
    sharedAs: choice.sharedAs,
    sharedAt: request.now,
  });
  return { id, sharedAs: choice.sharedAs };
}
