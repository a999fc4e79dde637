import { CHANNEL_LABELS, STATE_LABELS } from '../domain/model.ts';
import { formatYuan } from '../domain/money.ts';
import { formatDay, formatInstant, formatRecordedDate } from '../domain/time.ts';

/** Formatting shared by every EJS view, available as `fmt`. */
export const viewFormat = {
  yuan: formatYuan,
  instant: formatInstant,
  day: formatDay,
  recorded: formatRecordedDate,
  state: (state: keyof typeof STATE_LABELS) => STATE_LABELS[state],
  channel: (channel: keyof typeof CHANNEL_LABELS) => CHANNEL_LABELS[channel],
  orderStatus: (status: string) => status.replace('_', ' '),
  /** The ISO day part, for <input type="date"> values. */
  isoDay: (iso: string) => iso.slice(0, 10),
};
