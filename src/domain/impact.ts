import { CHANNEL_LABELS, CHANNELS, type Channel, type IntegrationState } from './model.ts';
import type { Verb } from './transitions.ts';

/** What a shopper-facing change does, said before it applies. */
export interface ImpactInput {
  verb: Verb;
  state: IntegrationState;
  storefrontName: string;
  walletName: string;
  /** The rollout in force now (for a verb that takes a live integration away). */
  rolloutPercent: number;
  /**
   * For launch/adjust: the rollout the form asks for (undefined: the current one). null on a fresh
   * form: the page cannot know what will be typed (no JavaScript), so the sentence holds for any value.
   */
  nextRolloutPercent?: number | null | undefined;
  nextChannels?: readonly Channel[] | undefined;
}

function onChannels(channels: readonly Channel[] | undefined): string {
  if (!channels || channels.length === 0 || channels.length === CHANNELS.length) return '';
  return ` (${channels.map((c) => CHANNEL_LABELS[c]).join(', ')} only)`;
}

/** "About 40 % of shoppers at Idle Fish will see WeChat Pay." — the rollout is a share of sticky buckets, hence "about". */
export function impactOf(input: ImpactInput): string {
  const { storefrontName: at, walletName: wallet } = input;
  if (input.verb === 'launch' || input.verb === 'adjust' || input.verb === 'resume') {
    if (input.nextRolloutPercent === null && input.verb !== 'resume') {
      return `The rollout you set is about the share of shoppers at ${at} who will see ${wallet}, on the channels you tick: 30 means about 30 %, 0 none (each shopper keeps one of 100 buckets).`;
    }
    const percent = input.nextRolloutPercent ?? input.rolloutPercent;
    return `About ${percent} % of shoppers at ${at} will see ${wallet}${onChannels(input.nextChannels)}.`;
  }
  if (input.state === 'live') {
    return `About ${input.rolloutPercent} % of shoppers at ${at} see ${wallet} now; after this, none will.`;
  }
  return `No shopper sees ${wallet} at ${at} now, so the checkout does not change.`;
}
