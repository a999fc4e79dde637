import { z } from 'zod';
import type { RuleChanges } from '../domain/apply-verb.ts';
import type { Db } from './open.ts';
import { mappedRows } from './rows.ts';

/** Pending until another operator applies or rejects it, or its author withdraws it; the row is kept either way. */
export const CHANGE_REQUEST_STATUSES = ['pending', 'applied', 'rejected', 'withdrawn'] as const;
export type ChangeRequestStatus = (typeof CHANGE_REQUEST_STATUSES)[number];
/** How a pending request ends. */
export type ChangeRequestOutcome = Exclude<ChangeRequestStatus, 'pending'>;

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
  rules: RuleChanges;
  requestedBy: string;
  requestedAt: string;
  status: ChangeRequestStatus;
  decidedBy: string | null;
  decidedAt: string | null;
  /** Why it was rejected or withdrawn (null while pending, or when applied). */
  decisionReason: string | null;
}

/** A row of `change_requests` joined with its integration's slugs. */
interface ChangeRequestDbRow {
  id: number;
  integration_id: number;
  storefront_slug: string;
  wallet_slug: string;
  verb: string;
  expected_version: number;
  reason: string;
  effective_at: string | null;
  rules: string;
  requested_by: string;
  requested_at: string;
  status: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_reason: string | null;
}

const COLUMNS = 'c.*, i.storefront_slug, i.wallet_slug';
const FROM = 'change_requests c JOIN integrations i ON i.id = c.integration_id';

function corrupt(column: string, value: unknown): Error {
  return new Error(`Unexpected ${column} ${JSON.stringify(value)} in the change_requests table.`);
}

/** The rules column: the changes as they were asked for, each key checked rather than trusted. */
const StoredRuleChanges = z.object({
  rolloutPercent: z.number().optional(),
  channels: z.array(z.string()).optional(),
  minAmountFen: z.number().nullable().optional(),
  maxAmountFen: z.number().nullable().optional(),
  displayOrder: z.number().optional(),
});

export function ruleChangesFrom(json: string): RuleChanges {
  const parsed = StoredRuleChanges.safeParse(JSON.parse(json));
  if (!parsed.success) throw corrupt('rules', json);
  return parsed.data;
}

function changeRequestFrom(row: ChangeRequestDbRow): ChangeRequest {
  const { verb, status } = row;
  if (verb !== 'launch' && verb !== 'adjust') throw corrupt('verb', verb);
  const known = CHANGE_REQUEST_STATUSES.find((s) => s === status);
  if (known === undefined) throw corrupt('status', status);
  return {
    id: row.id,
    integrationId: row.integration_id,
    storefrontSlug: row.storefront_slug,
    walletSlug: row.wallet_slug,
    verb,
    expectedVersion: row.expected_version,
    reason: row.reason,
    effectiveAt: row.effective_at,
    rules: ruleChangesFrom(row.rules),
    requestedBy: row.requested_by,
    requestedAt: row.requested_at,
    status: known,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    decisionReason: row.decision_reason,
  };
}

/** Group policies ("changes need a second operator") and the change requests they hold back. */
export function changeRequestQueries(db: Db) {
  const policy = db.prepare<[string], number>('SELECT second_operator FROM group_policies WHERE group_slug = ?').pluck();
  const setPolicy =
    db.prepare(`INSERT INTO group_policies (group_slug, second_operator, updated_by, updated_at) VALUES (@group, @on, @by, @now)
    ON CONFLICT (group_slug) DO UPDATE SET second_operator = excluded.second_operator, updated_by = excluded.updated_by, updated_at = excluded.updated_at`);
  const insert = db
    .prepare<
      [Record<string, unknown>],
      number
    >(`INSERT INTO change_requests (integration_id, verb, expected_version, reason, effective_at, rules, requested_by, requested_at)
    VALUES (@integrationId, @verb, @expectedVersion, @reason, @effectiveAt, @rules, @requestedBy, @requestedAt) RETURNING id`)
    .pluck();
  const find = mappedRows(db.prepare<[number], ChangeRequestDbRow>(`SELECT ${COLUMNS} FROM ${FROM} WHERE c.id = ?`), changeRequestFrom);
  const pendingFor = mappedRows(
    db.prepare<[number], ChangeRequestDbRow>(
      `SELECT ${COLUMNS} FROM ${FROM} WHERE c.integration_id = ? AND c.status = 'pending' ORDER BY c.id`,
    ),
    changeRequestFrom,
  );
  const pending = mappedRows(
    db.prepare<
      [{ group: string | null }],
      ChangeRequestDbRow
    >(`SELECT ${COLUMNS} FROM ${FROM} JOIN storefronts s ON s.slug = i.storefront_slug
    WHERE c.status = 'pending' AND (@group IS NULL OR s.group_slug = @group) ORDER BY c.id LIMIT 200`),
    changeRequestFrom,
  );
  const decide = db.prepare(
    `UPDATE change_requests SET status = @status, decided_by = @by, decided_at = @now, decision_reason = @reason
    WHERE id = @id AND status = 'pending'`,
  );

  return {
    secondOperator: (group: string) => policy.get(group) === 1,
    setSecondOperator: (group: string, on: boolean, by: string, now: string) => void setPolicy.run({ group, on: on ? 1 : 0, by, now }),
    insert(
      request: Omit<ChangeRequest, 'id' | 'storefrontSlug' | 'walletSlug' | 'status' | 'decidedBy' | 'decidedAt' | 'decisionReason'>,
    ): number {
      const id = insert.get({ ...request, rules: JSON.stringify(request.rules) });
      if (id === undefined) throw new Error('The change request was not written.');
      return id;
    },
    find: (id: number) => find.get(id),
    pendingFor: (integrationId: number) => pendingFor.all(integrationId),
    pending: (group: string | null) => pending.all({ group }),
    /** Marks a pending request applied; false if it was not pending. */
    markApplied: (id: number, by: string, now: string) => decide.run({ id, status: 'applied', by, now, reason: null }).changes > 0,
    /** Ends a pending request as `status`, keeping the row; false if it was not pending. */
    markDecided: (id: number, decision: { status: ChangeRequestOutcome; by: string; now: string; reason: string | null }) =>
      decide.run({ id, ...decision }).changes > 0,
  };
}
export type ChangeRequestQueries = ReturnType<typeof changeRequestQueries>;
