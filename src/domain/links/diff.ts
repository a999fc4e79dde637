import type { LinkPolicyKey, LinkPolicyState } from './model.ts';

/** One policy as it stood at a time, as the diff compares it. */
export interface LinkPolicyRow extends LinkPolicyKey {
  state: LinkPolicyState;
}

export type LinkField = 'behaviour' | 'preview' | 'share' | 'rolloutPercent';
const FIELDS: readonly LinkField[] = ['behaviour', 'preview', 'share', 'rolloutPercent'];

/** The changed fields as words, for the diff page. */
export const LINK_FIELD_LABELS: Record<LinkField, string> = {
  behaviour: 'behaviour',
  preview: 'preview',
  share: 'sharing',
  rolloutPercent: 'rollout',
};

export interface LinkChange extends LinkPolicyKey {
  before: LinkPolicyState;
  after: LinkPolicyState;
  /** The fields that differ, in a fixed order. */
  changed: LinkField[];
}

const keyOf = (k: LinkPolicyKey): string => `${k.host}/${k.surface}/${k.platform}`;

/** The policies whose behaviour, preview, share or rollout differ between two snapshots of the same policies. */
export function diffLinkPolicies(before: readonly LinkPolicyRow[], after: readonly LinkPolicyRow[]): LinkChange[] {
  const earlier = new Map(before.map((row) => [keyOf(row), row]));
  const changes: LinkChange[] = [];
  for (const row of after) {
    const old = earlier.get(keyOf(row));
    if (!old) continue;
    const changed = FIELDS.filter((field) => old.state[field] !== row.state[field]);
    if (changed.length > 0)
      changes.push({ host: row.host, surface: row.surface, platform: row.platform, before: old.state, after: row.state, changed });
  }
  return changes;
}
