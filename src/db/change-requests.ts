import type { Db } from './open.ts';

export interface ChangeRequest {
  id: number;
  integrationId: number;
  storefrontSlug: string;
  walletSlug: string;
  verb: 'launch' | 'adjust';
  expectedVersion: number;
  reason: string;
  effectiveAt: string | null;
  /** The rule changes asked for, as sent (JSON in the table). */
  rules: Record<string, unknown>;
  requestedBy: string;
  requestedAt: string;
  status: 'pending' | 'applied';
  decidedBy: string | null;
  decidedAt: string | null;
}

const COLUMNS = `c.id, c.integration_id AS integrationId, i.storefront_slug AS storefrontSlug, i.wallet_slug AS walletSlug, c.verb,
  c.expected_version AS expectedVersion, c.reason, c.effective_at AS effectiveAt, c.rules, c.requested_by AS requestedBy,
  c.requested_at AS requestedAt, c.status, c.decided_by AS decidedBy, c.decided_at AS decidedAt`;
const FROM = 'change_requests c JOIN integrations i ON i.id = c.integration_id';

type Raw = Omit<ChangeRequest, 'rules'> & { rules: string };
const fromRaw = (raw: Raw | undefined): ChangeRequest | undefined => (raw ? { ...raw, rules: JSON.parse(raw.rules) as Record<string, unknown> } : undefined);

/** Group policies ("changes need a second operator") and the change requests they hold back. */
export function changeRequestQueries(db: Db) {
  const policy = db.prepare('SELECT second_operator FROM group_policies WHERE group_slug = ?').pluck();
  const setPolicy = db.prepare(`INSERT INTO group_policies (group_slug, second_operator, updated_by, updated_at) VALUES (@group, @on, @by, @now)
    ON CONFLICT (group_slug) DO UPDATE SET second_operator = excluded.second_operator, updated_by = excluded.updated_by, updated_at = excluded.updated_at`);
  const insert = db.prepare(`INSERT INTO change_requests (integration_id, verb, expected_version, reason, effective_at, rules, requested_by, requested_at)
    VALUES (@integrationId, @verb, @expectedVersion, @reason, @effectiveAt, @rules, @requestedBy, @requestedAt) RETURNING id`).pluck();
  const find = db.prepare(`SELECT ${COLUMNS} FROM ${FROM} WHERE c.id = ?`);
  const pendingFor = db.prepare(`SELECT ${COLUMNS} FROM ${FROM} WHERE c.integration_id = ? AND c.status = 'pending' ORDER BY c.id`);
  const pending = db.prepare(`SELECT ${COLUMNS} FROM ${FROM} JOIN storefronts s ON s.slug = i.storefront_slug
    WHERE c.status = 'pending' AND (@group IS NULL OR s.group_slug = @group) ORDER BY c.id LIMIT 200`);
  const decide = db.prepare(`UPDATE change_requests SET status = 'applied', decided_by = @by, decided_at = @now WHERE id = @id AND status = 'pending'`);

  return {
    secondOperator: (group: string) => policy.get(group) === 1,
    setSecondOperator: (group: string, on: boolean, by: string, now: string) => void setPolicy.run({ group, on: on ? 1 : 0, by, now }),
    insert: (request: Omit<ChangeRequest, 'id' | 'storefrontSlug' | 'walletSlug' | 'status' | 'decidedBy' | 'decidedAt'>) =>
      insert.get({ ...request, rules: JSON.stringify(request.rules) }) as number,
    find: (id: number) => fromRaw(find.get(id) as Raw | undefined),
    pendingFor: (integrationId: number) => (pendingFor.all(integrationId) as Raw[]).map((raw) => fromRaw(raw) as ChangeRequest),
    pending: (group: string | null) => (pending.all({ group }) as Raw[]).map((raw) => fromRaw(raw) as ChangeRequest),
    /** Marks a pending request applied; false if it was not pending. */
    markApplied: (id: number, by: string, now: string) => decide.run({ id, by, now }).changes > 0,
  };
}
export type ChangeRequestQueries = ReturnType<typeof changeRequestQueries>;
