import { askedWords, BEHAVIOUR_LABELS, type Behaviour } from '../domain/links/model.ts';
import { CHANNEL_LABELS, STATE_LABELS } from '../domain/model.ts';
import { formatYuan } from '../domain/money.ts';
import { RECORD_SOURCES, sourceAnchor } from '../domain/record-sources.ts';
import { asOfParam, formatAsOf, formatDay, formatEventTime, formatInstant, formatRecordedDate } from '../domain/time.ts';
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
  /** When an event happened: a record event at its source's precision, a change made here at its instant. */
  eventTime: formatEventTime,
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
  /** Links to /sources for a source column ("002_….txt" or several, comma-separated). */
  sourceLinks: (files: string | null | undefined) =>
    (files ?? '')
      .split(',')
      .map((f) => f.trim())
      .filter(Boolean)
      .map((file) => {
        const source = RECORD_SOURCES.find((s) => s.file === file);
        return { file, href: `/sources#${sourceAnchor(file)}`, label: `${source?.publication ?? 'Article'} (${file.slice(0, 3)})` };
      }),
  /** A field name as a person reads it: "effectiveAt" -> "Effective at". */
  fieldLabel: (name: string) => {
    const words = name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
    return words.charAt(0).toUpperCase() + words.slice(1);
  },
  /** Pager models for views/partials/pager.ejs. */
  numberedPager,
  cursorPager,
  /** What a link request or announcement asks for: "opening directly, one-click sharing". */
  linkAsked: askedWords,
  /** A link behaviour as people read it: "Second confirmation". */
  behaviour: (behaviour: Behaviour) => BEHAVIOUR_LABELS[behaviour],
};
