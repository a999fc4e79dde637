/**
 * Which of the record's milestones a filtered timeline keeps as context. A milestone concerns
 * a wallet when its title names that wallet, or names no wallet at all (a market-wide step such
 * as MIIT's campaign concerns every wallet). Verb and actor filters narrow the events only:
 * milestones have neither.
 */
export interface MilestoneLike {
  title: string;
}

/** The word a title uses for a wallet: "WeChat Pay" -> "WeChat Pay", "UnionPay QR" -> "UnionPay". */
const keyword = (walletName: string): string => (walletName.endsWith(' QR') ? walletName.slice(0, -3) : walletName);

export function milestoneConcerns(milestone: MilestoneLike, walletName: string, allWalletNames: readonly string[]): boolean {
  const named = allWalletNames.filter((name) => milestone.title.includes(keyword(name)));
  return named.length === 0 || named.includes(walletName);
}
