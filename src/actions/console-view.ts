import type { Actor } from '../domain/actors.ts';
import { inboxSectionsFor, type Inbox, type InboxSection } from '../domain/inbox.ts';
import { CHANNEL_LABELS, CHANNELS, isChannel, STATE_LABELS } from '../domain/model.ts';
import { impactOf } from '../domain/impact.ts';
import { mayPerform } from '../domain/permissions.ts';
import { allowedVerbs, type Verb } from '../domain/transitions.ts';
import { presentVerb, type VerbPresentation } from '../domain/verb-presentation.ts';
import type { IntegrationView } from './integration-views.ts';

/** The text fields of an action form, as the inputs show them. */
export interface ActionFormValues {
  reason: string;
  rolloutPercent: string;
  minAmount: string;
  maxAmount: string;
  effectiveAt: string;
  displayOrder: string;
}

/** One action form on an integration's console page: the view only renders it. */
export interface ActionForm extends VerbPresentation {
  toLabel: string;
  /** Where the form posts. */
  action: string;
  expectedVersion: number;
  values: ActionFormValues;
  channels: Array<{ value: string; label: string; checked: boolean }>;
  /** Field → message, only on the form that was sent and refused. */
  errors: Record<string, string>;
  /** What it does for shoppers, with the rules the form shows: "About 100 % of shoppers at …". */
  impact: string | null;
}

export interface ActionFormsInput {
  view: IntegrationView;
  verbs: readonly Verb[];
  /** What the fields show on a fresh form: the current rules. */
  defaults: Record<string, unknown>;
  /** The verb whose form was sent, with what the user typed and what was wrong. */
  failedVerb?: string | null;
  values?: Record<string, unknown>;
  errors?: Record<string, string>;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const percentOr = (value: unknown, fallback: number): number =>
  typeof value === 'string' && /^\d{1,3}$/.test(value) && Number(value) <= 100 ? Number(value) : fallback;

function chosenChannels(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((c): c is string => typeof c === 'string');
  return typeof value === 'string' ? [value] : [];
}

/** The forms for the verbs this person may use now; the refused one keeps what was typed and says what was wrong. */
export function actionForms(input: ActionFormsInput): ActionForm[] {
  const { view } = input;
  return input.verbs.map((verb) => {
    const refused = input.failedVerb === verb;
    const source = refused ? (input.values ?? {}) : input.defaults;
    const chosen = chosenChannels(source.channels);
    const verbLook = presentVerb(verb);
    return {
      ...verbLook,
      toLabel: STATE_LABELS[verbLook.to],
      action: `/console/integrations/${encodeURIComponent(view.storefront.slug)}/${encodeURIComponent(view.wallet.slug)}/${verb}`,
      expectedVersion: view.version,
      values: {
        reason: text(source.reason),
        rolloutPercent: text(source.rolloutPercent),
        minAmount: text(source.minAmount),
        maxAmount: text(source.maxAmount),
        effectiveAt: text(source.effectiveAt),
        displayOrder: text(source.displayOrder),
      },
      channels: CHANNELS.map((value) => ({ value, label: CHANNEL_LABELS[value], checked: chosen.includes(value) })),
      errors: refused ? (input.errors ?? {}) : {},
      impact:
        verbLook.takesRules || verb === 'resume'
          ? impactOf({
              verb,
              state: view.state,
              storefrontName: view.storefront.name,
              walletName: view.wallet.name,
              rolloutPercent: view.rules.rolloutPercent,
              // A fresh form cannot follow what is typed (no JavaScript): its sentence holds for any rollout.
              nextRolloutPercent: refused ? percentOr(source.rolloutPercent, view.rules.rolloutPercent) : null,
              nextChannels: verbLook.takesRules ? chosen.filter(isChannel) : undefined,
            })
          : null,
    };
  });
}

/** Said where the forms would be when there are none. */
export function noActionsNote(actor: Actor, view: IntegrationView): string {
  const state = STATE_LABELS[view.state].toLowerCase();
  const why = [
    ...new Set(
      allowedVerbs(view.state)
        .map((verb) => mayPerform(actor, verb, view.scope))
        .flatMap((permission) => (permission.ok ? [] : [permission.message])),
    ),
  ];
  if (why.length === 0) return `Nothing can be done from ${state}.`;
  return `Nothing you may do from ${state}: ${why.join(' ')}`;
}

/** One section of the console's inbox, with its words. */
export interface InboxSectionView<T> {
  /** Stable hook for tests and styles: `data-section`. */
  key: 'awaiting-review' | 'needing-action';
  title: string;
  hint: string | null;
  empty: string;
  items: T[];
}

const SECTION_WORDS: Record<InboxSection, Omit<InboxSectionView<never>, 'items'>> = {
  awaitingReview: { key: 'awaiting-review', title: 'Awaiting your review', hint: null, empty: 'No request is waiting for a decision.' },
  needingAction: {
    key: 'needing-action',
    title: 'Needing your action',
    hint: 'Approved and ready to launch, rejected (request again?) or suspended (resume?).',
    empty: 'Nothing needs you right now.',
  },
};

/** The inbox sections this person sees, in order; none for a viewer. */
export function inboxSections<T>(actor: Actor, inbox: Inbox<T>): Array<InboxSectionView<T>> {
  return inboxSectionsFor(actor).map((section) => ({ ...SECTION_WORDS[section], items: inbox[section] }));
}
