/**
 * The review's metrics per payment attempt: what each wallet was tried for and how it ended, the
 * switches from one wallet to another within an order, and how the wallet first chosen converted.
 * A declined attempt followed by a payment with another wallet counts for both wallets and as one
 * switch (an order's last wallet alone would hide the first).
 */

/** One attempt of an order, in the order they were made. */
export interface Attempt {
  wallet: string;
  outcome: 'succeeded' | 'declined' | 'cancelled' | 'expired';
  /** The reason code of an attempt that did not succeed ('' when none is kept). */
  reason: string;
}

/** Attempts per wallet × outcome × reason, as the database keeps them (0023). */
export interface AttemptCount {
  walletSlug: string;
  outcome: string;
  reasonCode: string;
  attempts: number;
}
export interface WalletSwitch {
  fromWallet: string;
  toWallet: string;
  switches: number;
}
export interface FirstChoice {
  walletSlug: string;
  orders: number;
  paidWithIt: number;
  paidWithAnother: number;
}

/** What the database counts, counted from the attempts of each order (the rule the triggers keep). */
export function countAttempts(orders: readonly (readonly Attempt[])[]): {
  counts: AttemptCount[];
  switches: WalletSwitch[];
  firstChoices: FirstChoice[];
} {
  const counts = new Map<string, AttemptCount>();
  const switches = new Map<string, WalletSwitch>();
  const first = new Map<string, FirstChoice>();
  for (const attempts of orders) {
    attempts.forEach((a, i) => {
      const key = `${a.wallet}\u0000${a.outcome}\u0000${a.reason}`;
      const count = counts.get(key) ?? { walletSlug: a.wallet, outcome: a.outcome, reasonCode: a.reason, attempts: 0 };
      count.attempts += 1;
      counts.set(key, count);
      const previous = attempts[i - 1];
      if (previous && previous.wallet !== a.wallet) {
        const k = `${previous.wallet}\u0000${a.wallet}`;
        const s = switches.get(k) ?? { fromWallet: previous.wallet, toWallet: a.wallet, switches: 0 };
        s.switches += 1;
        switches.set(k, s);
      }
    });
    const [opening] = attempts;
    if (!opening) continue;
    const choice = first.get(opening.wallet) ?? { walletSlug: opening.wallet, orders: 0, paidWithIt: 0, paidWithAnother: 0 };
    choice.orders += 1;
    const paid = attempts.find((a) => a.outcome === 'succeeded');
    if (paid && paid.wallet === opening.wallet) choice.paidWithIt += 1;
    if (paid && paid.wallet !== opening.wallet) choice.paidWithAnother += 1;
    first.set(opening.wallet, choice);
  }
  return { counts: [...counts.values()], switches: [...switches.values()], firstChoices: [...first.values()] };
}

export interface WalletAttempts {
  walletSlug: string;
  tried: number;
  succeeded: number;
  declined: number;
  /** Declined attempts per reason code, most first. */
  declinedByReason: { reason: string; attempts: number }[];
  /** Given up by the shopper: cancelled. */
  abandoned: number;
  expired: number;
  /** succeeded / tried; null when never tried. */
  successRate: number | null;
  /** Orders whose first attempt was with this wallet, and how they ended. */
  firstChosen: number;
  paidWithFirstChoice: number;
  paidWithAnother: number;
  /** paidWithFirstChoice / firstChosen; null when never chosen first. */
  firstChoiceConversion: number | null;
}

const rate = (part: number, whole: number) => (whole === 0 ? null : part / whole);

/** Every wallet in `walletSlugs` (in that order), even one never tried. */
export function attemptsPerWallet(
  counts: readonly AttemptCount[],
  firstChoices: readonly FirstChoice[],
  walletSlugs: readonly string[],
): WalletAttempts[] {
  return walletSlugs.map((walletSlug) => {
    const mine = counts.filter((c) => c.walletSlug === walletSlug);
    const sum = (outcome: string) => mine.filter((c) => c.outcome === outcome).reduce((n, c) => n + c.attempts, 0);
    const tried = mine.reduce((n, c) => n + c.attempts, 0);
    const succeeded = sum('succeeded');
    const declinedByReason = mine
      .filter((c) => c.outcome === 'declined')
      .map((c) => ({ reason: c.reasonCode || 'NOT_RECORDED', attempts: c.attempts }))
      .sort((a, b) => b.attempts - a.attempts || a.reason.localeCompare(b.reason));
    const first = firstChoices.find((f) => f.walletSlug === walletSlug) ?? { orders: 0, paidWithIt: 0, paidWithAnother: 0 };
    return {
      walletSlug,
      tried,
      succeeded,
      declined: sum('declined'),
      declinedByReason,
      abandoned: sum('cancelled'),
      expired: sum('expired'),
      successRate: rate(succeeded, tried),
      firstChosen: first.orders,
      paidWithFirstChoice: first.paidWithIt,
      paidWithAnother: first.paidWithAnother,
      firstChoiceConversion: rate(first.paidWithIt, first.orders),
    };
  });
}
