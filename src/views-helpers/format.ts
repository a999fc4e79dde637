import { CHANNEL_LABELS, STATE_LABELS } from '../domain/model.ts';
import { formatYuan } from '../domain/money.ts';
import { asOfParam, formatAsOf, formatDay, formatInstant, formatRecordedDate } from '../domain/time.ts';
import { cursorPager, numberedPager } from './pager.ts';

/** "operator of alibaba", "reviewer for tencent", "viewer". */
function roleOf(person: { role: string; groupSlug?: string | null; providerSlug?: string | null }): string {
  return `${person.role}${person.groupSlug ? ` of ${person.groupSlug}` : ''}${person.providerSlug ? ` for ${person.providerSlug}` : ''}`;
}

/** Formatting shared by every EJS view, available as `fmt`. */
export const viewFormat = {
  yuan: formatYuan,
  instant: formatInstant,
  day: formatDay,
  recorded: formatRecordedDate,
  /** The time a time-travelling page or order stands at: "15 Oct 2021". */
  asOf: formatAsOf,
  /** The same time as it goes back into `?asOf=`. */
  asOfParam,
  state: (state: keyof typeof STATE_LABELS) => STATE_LABELS[state],
  channel: (channel: keyof typeof CHANNEL_LABELS) => CHANNEL_LABELS[channel],
  orderStatus: (status: string) => status.replace('_', ' '),
  /** The ISO day part, for <input type="date"> values. */
  isoDay: (iso: string) => iso.slice(0, 10),
  role: roleOf,
  /** Pager models for views/partials/pager.ejs. */
  numberedPager,
  cursorPager,
};
