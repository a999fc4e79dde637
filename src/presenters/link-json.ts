import { z } from 'zod';
import { eventRecordJson, eventRecordShape } from './event-record.ts';
import { instantJson } from './formats.ts';
import type { LinkChangeView, LinkPolicyView } from '../actions/links.ts';
import { PRECISIONS } from '../domain/model.ts';
import {
  askedWords,
  BASES,
  BEHAVIOURS,
  LINK_FACT_FIELDS,
  HOSTS,
  LINK_PLATFORMS,
  PREVIEWS,
  REVIEWS,
  SHARES,
  SURFACES,
  type LinkFactField,
  type LinkPolicyEvent,
} from '../domain/links/model.ts';
import { LINK_REASONS, type LinkOpenDecision } from '../domain/links/open.ts';
import { formatRecordedDate } from '../domain/time.ts';

/** The JSON of link policies, their events and the open decision; /api/openapi.json describes these schemas. */

const behaviour = z.enum(BEHAVIOURS);
const basis = z
  .enum(BASES)
  .describe(
    'how the link opens stands on: reported (an article, or a change made in this world) or assumed (not in the record: the walled-garden default or the simulator’s reading; then since, its label and source are null)',
  );
const assumedFields = z
  .array(z.enum(LINK_FACT_FIELDS))
  .describe('the fields no article reports (assumed, with no source and no date), e.g. ["behaviour", "share"] for a JD link in WeChat');
const coverage = z
  .object({
    complete: z.boolean(),
    until: z.string().describe('when the host said everyone would have it, at its precision: "1 Dec 2021 (expected)"'),
    source: z.string().nullable(),
  })
  .nullable()
  .describe('a behaviour still reaching everyone: partial until the host’s promised day (003), complete after; null: nothing said');

const fieldFact = z
  .object({ date: z.string().describe('at its precision: "≈ mid-Oct 2021", "undated"'), source: z.string().nullable() })
  .nullable();
const facts = z
  .object({ behaviour: fieldFact, preview: fieldFact, share: fieldFact })
  .describe('per field, the report it stands on (its date at its precision and its articles), or null: assumed');

/** What a policy stands on, in every answer that shows one (the matrix, the open decision, the diff). */
export const linkGroundsShape = { basis, assumed: assumedFields, facts, coverage };
const asked = z.object({ behaviour: behaviour.optional(), preview: z.enum(PREVIEWS).optional(), share: z.enum(SHARES).optional() });

export const LinkPolicyJson = z.object({
  host: z.enum(HOSTS),
  surface: z.enum(SURFACES),
  platform: z.enum(LINK_PLATFORMS),
  hostName: z.string(),
  surfaceName: z.string(),
  platformName: z.string(),
  behaviour: behaviour.describe('what happens when the link is tapped (for shoppers inside the rollout)'),
  preview: z.enum(PREVIEWS).describe('rich: title, picture, price; bare: a plain hyperlink'),
  share: z.enum(SHARES).describe('how the link gets there: one_click, copy_paste, or none (the surface does not take it)'),
  rolloutPercent: z.number().int().min(0).max(100),
  fallbackBehaviour: behaviour.describe('what shoppers outside the rollout still meet'),
  review: z.enum(REVIEWS).describe('a link platform’s request: none, requested (awaiting the host’s reviewer) or rejected'),
  basis,
  assumed: assumedFields,
  facts,
  since: instantJson
    .nullable()
    .describe('since when the link has opened as it does, placed as the simulation places it (null: how it opens is assumed)'),
  sincePrecision: z.enum(PRECISIONS).nullable(),
  sinceLabel: z.string().nullable().describe('`since` at its precision, e.g. "≈ Sept 2021", "before 2021", "undated"'),
  source: z
    .string()
    .nullable()
    .describe(
      'the article(s) that report how the link opens, e.g. "003_c2934a50caf5392e.txt" (null: assumed; see facts for the other fields)',
    ),
  coverage,
  pendingAt: instantJson.nullable().describe('a change recorded for later (a scheduled set): when it takes effect'),
  announcement: z
    .object({ asked, actor: z.string(), reason: z.string(), date: z.string(), source: z.string().nullable() })
    .nullable()
    .describe('the latest announced change in effect: announced or expected, not applied'),
  version: z.number().int().describe('send it back as expectedVersion to change the policy'),
});

export const LinkEventJson = z.object({
  version: z.number().int(),
  verb: z.string(),
  fromBehaviour: behaviour,
  behaviour,
  preview: z.enum(PREVIEWS),
  share: z.enum(SHARES),
  rolloutPercent: z.number().int(),
  fallbackBehaviour: behaviour,
  review: z.enum(REVIEWS),
  asked: asked.nullable().describe('what a request or an announcement asks for, or what a report reports (its other fields are assumed)'),
  ...eventRecordShape,
  sourceFile: z.string().nullable(),
  datePrecision: z.enum(PRECISIONS),
  date: z.string().describe('effectiveAt at its precision'),
  note: z.string(),
});

export const LinkListJson = z.object({ asOf: instantJson, policies: z.array(LinkPolicyJson) });
export const LinkEventListJson = z.object({
  host: z.enum(HOSTS),
  surface: z.enum(SURFACES),
  platform: z.enum(LINK_PLATFORMS),
  events: z.array(LinkEventJson),
});
export const LinkTransitionJson = z.object({ policy: LinkPolicyJson, event: LinkEventJson });

export const LinkOpenJson = z.object({
  asOf: instantJson,
  host: z.enum(HOSTS),
  surface: z.enum(SURFACES),
  platform: z.enum(LINK_PLATFORMS),
  shopper: z.string(),
  behaviour: behaviour.describe('what this person meets (the fallback when outside the rollout)'),
  preview: z.enum(PREVIEWS),
  share: z.enum(SHARES),
  shareable: z.boolean().describe('false: the surface does not take this link at all (nothing to tap)'),
  reason: z.enum(LINK_REASONS),
  message: z.string().describe('the reason as a sentence for people'),
  steps: z
    .number()
    .int()
    .nullable()
    .describe('extra taps between tapping the link and arriving (0: straight through); null: it cannot be reached from here'),
  arrival: z
    .enum(['in_app_browser', 'browser', 'source_app'])
    .nullable()
    .describe('where the person lands: inside the host, in a browser, in the link platform’s app'),
  storefront: z
    .string()
    .nullable()
    .describe('the storefront the link lands in (open it with host= and channel=in_app_browser when arrival is in_app_browser)'),
  bucket: z.number().int().describe('the person’s sticky bucket (0–99) for this policy'),
  rolloutPercent: z.number().int(),
  basis,
  assumed: assumedFields,
  facts,
  since: instantJson.nullable(),
  sincePrecision: z.enum(PRECISIONS).nullable(),
  sinceLabel: z.string().nullable(),
  source: z.string().nullable(),
  coverage,
});

type Snapshot = Pick<LinkPolicyView, 'since' | 'basis' | 'facts' | 'coverage'>;

/** What a policy stands on: the behaviour's date and source only when it is reported; assumed fields never carry either. */
function groundsJson(view: Snapshot) {
  const { since, coverage: cover } = view;
  const fact = (field: LinkFactField) => {
    const event = view.facts[field];
    return event && { date: formatRecordedDate(event.effectiveAt, event.datePrecision), source: event.sourceFile };
  };
  return {
    basis: view.basis,
    assumed: LINK_FACT_FIELDS.filter((field) => view.facts[field] === null),
    facts: { behaviour: fact('behaviour'), preview: fact('preview'), share: fact('share') },
    since: since?.effectiveAt ?? null,
    sincePrecision: since?.datePrecision ?? null,
    sinceLabel: since ? formatRecordedDate(since.effectiveAt, since.datePrecision) : null,
    source: since?.sourceFile ?? null,
    coverage: cover && {
      complete: cover.complete,
      until: formatRecordedDate(cover.promise.effectiveAt, cover.promise.datePrecision),
      source: cover.promise.sourceFile,
    },
  };
}

export function linkPolicyJson(view: LinkPolicyView): z.infer<typeof LinkPolicyJson> {
  const { announcement } = view;
  return {
    host: view.host,
    surface: view.surface,
    platform: view.platform,
    hostName: view.hostName,
    surfaceName: view.surfaceName,
    platformName: view.platformName,
    ...view.state,
    ...groundsJson(view),
    pendingAt: view.pending?.effectiveAt ?? null,
    announcement: announcement && {
      asked: announcement.asked ?? {},
      actor: announcement.actor,
      reason: announcement.reason,
      date: formatRecordedDate(announcement.effectiveAt, announcement.datePrecision),
      source: announcement.sourceFile,
    },
    version: view.version,
  };
}

export function linkEventJson(event: LinkPolicyEvent): z.infer<typeof LinkEventJson> {
  return {
    version: event.version,
    verb: event.verb,
    fromBehaviour: event.fromBehaviour,
    ...event.state,
    asked: event.asked,
    ...eventRecordJson(event),
    sourceFile: event.sourceFile,
    datePrecision: event.datePrecision,
    date: formatRecordedDate(event.effectiveAt, event.datePrecision),
    note: event.dateNote,
  };
}

export function linkOpenJson(
  asOf: string,
  shopper: string,
  open: LinkOpenDecision & { policy: LinkPolicyView },
): z.infer<typeof LinkOpenJson> {
  const { policy } = open;
  return {
    asOf,
    host: policy.host,
    surface: policy.surface,
    platform: policy.platform,
    shopper,
    behaviour: open.behaviour,
    preview: open.preview,
    share: open.share,
    shareable: open.shareable,
    reason: open.reason,
    message: open.message,
    steps: open.steps,
    arrival: open.arrival,
    storefront: policy.storefront,
    bucket: open.bucket,
    rolloutPercent: policy.state.rolloutPercent,
    ...groundsJson(policy),
  };
}

/** The link matrix as CSV rows: the JSON's fields, the announcement as one readable cell. */
export const LINK_MATRIX_COLUMNS = [
  'host',
  'hostName',
  'surface',
  'surfaceName',
  'platform',
  'platformName',
  'behaviour',
  'preview',
  'share',
  'rolloutPercent',
  'fallbackBehaviour',
  'review',
  'basis',
  'assumed',
  'facts',
  'since',
  'sinceLabel',
  'sincePrecision',
  'source',
  'coverage',
  'pendingAt',
  'announcement',
  'version',
] as const;

export function linkMatrixCsvRow(policy: z.infer<typeof LinkPolicyJson>): Record<(typeof LINK_MATRIX_COLUMNS)[number], unknown> {
  const { announcement, coverage: cover } = policy;
  return {
    ...policy,
    assumed: policy.assumed.join(' '),
    facts: LINK_FACT_FIELDS.flatMap((field) => {
      const fact = policy.facts[field];
      return fact ? [`${field}: ${fact.date} (${fact.source ?? 'no source'})`] : [];
    }).join('; '),
    coverage: cover ? `${cover.complete ? 'complete' : 'partial'}: everyone by ${cover.until} (${cover.source ?? 'no source'})` : '',
    announcement: announcement
      ? `announced ${announcement.date}, not reported done: ${askedWords(announcement.asked) || announcement.reason} (${announcement.source ?? 'no source'})`
      : '',
  };
}

/** One link change of the diff (GET /api/diff → links). */
export function linkChangeJson(change: LinkChangeView) {
  const side = (state: LinkChangeView['before']) => ({
    behaviour: state.behaviour,
    preview: state.preview,
    share: state.share,
    rolloutPercent: state.rolloutPercent,
  });
  return {
    host: change.host,
    surface: change.surface,
    platform: change.platform,
    hostName: change.hostName,
    surfaceName: change.surfaceName,
    platformName: change.platformName,
    changed: change.changed,
    from: side(change.before),
    to: side(change.after),
    ...groundsJson(change.policy),
  };
}
