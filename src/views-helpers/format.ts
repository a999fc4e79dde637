import { askedWords, BEHAVIOUR_LABELS, type Behaviour } from '../domain/links/model.ts';
import { CHANNEL_LABELS, STATE_LABELS } from '../domain/model.ts';
import { formatYuan } from '../domain/money.ts';
import { RECORD_SOURCES, sourceAnchor } from '../domain/record-sources.ts';
import { asOfParam, formatAsOf, formatDay, formatEventTime, formatInstant, formatRecordedDate } from '../domain/time.ts';
import { cursorPager, numberedPager } from './pager.ts';

/** The parties a person acts for, as people name them (the catalogue's names are written for storefront cards). */
const PARTY_NAMES: Record<string, string> = {
  alibaba: 'Alibaba Group',
  tencent: 'Tencent',
  'tencent-side': 'the Tencent side (JD, Pinduoduo, Vipshop)',
  bytedance: 'ByteDance',
  'ant-group': 'Ant Group',
  unionpay: 'UnionPay',
};
const ROLE_WORDS: Record<string, string> = { operator: 'Operator', reviewer: 'Reviewer', admin: 'Administrator', viewer: 'Viewer' };

/** "Operator, Alibaba Group", "Reviewer, Tencent", "Viewer". */
function roleOf(person: { role: string; groupSlug?: string | null; providerSlug?: string | null }): string {
  const party = person.groupSlug ?? person.providerSlug;
  const role = ROLE_WORDS[person.role] ?? person.role;
  return party ? `${role}, ${PARTY_NAMES[party] ?? party}` : role;
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
  orderStatus: (status: string) => status.replaceAll('_', ' '),
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
  /** "lists `errors`" -> the plain and the backticked parts, for views/partials/inline-code.ejs (an unpaired backtick stays). */
  inlineCode: (text: string) => {
    const parts = text.split('`');
    if (parts.length % 2 === 0) return [{ text, code: false }];
    return parts.map((part, i) => ({ text: part, code: i % 2 === 1 })).filter((part) => part.text !== '');
  },
  /** Pager models for views/partials/pager.ejs. */
  numberedPager,
  cursorPager,
  /** What a link request or announcement asks for: "opening directly, one-click sharing". */
  linkAsked: askedWords,
  /** A link behaviour as people read it: "Second confirmation". */
  behaviour: (behaviour: Behaviour) => BEHAVIOUR_LABELS[behaviour],
};
