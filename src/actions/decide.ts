import { decideWallets, type HostWall, type WalletDecision } from '../domain/decide.ts';
import type { Host } from '../domain/links/model.ts';
import { Refusal } from '../domain/errors.ts';
import type { ContextChannel as Channel } from '../domain/model.ts';
import type { Storefront } from '../db/catalog.ts';
import type { Repositories } from '../db/repositories.ts';
import { openedInHost } from './links.ts';

export interface DecisionRequest {
  storefrontSlug: string;
  shopperId: string;
  channel: Channel;
  amountFen: number;
  at: string;
  /** Opened inside this host app (from a shared link): its walls apply. */
  host?: Host | null | undefined;
}

export interface Decision {
  storefront: Storefront;
  wallets: WalletDecision[];
}

/** Loads what the decision needs for one storefront and decides. */
export function decideForStorefront(repos: Repositories, request: DecisionRequest): Decision {
  const storefront = repos.catalog.storefront(request.storefrontSlug);
  if (!storefront) throw new Refusal('not_found', `There is no storefront "${request.storefrontSlug}".`);
  const histories = repos.states.historiesAt([storefront.slug], request.at) ?? repos.integrations.historiesAt(storefront.slug, request.at);
  const host = request.host ?? undefined;
  const walls: HostWall[] = host ? repos.links.walls(host, storefront.groupSlug) : [];
  const wallets = decideWallets(
    {
      ...request,
      host,
      hostName: host && openedInHost(repos, host)?.name,
      storefrontSlug: storefront.slug,
      storefrontName: storefront.name,
    },
    repos.catalog.wallets(),
    histories,
    walls,
  );
  return { storefront, wallets };
}
