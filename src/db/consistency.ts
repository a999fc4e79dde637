import { isState, type IntegrationState } from '../domain/model.ts';
import { isVerb, TRANSITIONS } from '../domain/transitions.ts';
import type { Db } from './open.ts';
import { int, maybeInt, query, text, type Mapper, type Row } from './rows.ts';

/** One named check over a database file; `problems` is empty when it holds. */
export interface CheckResult {
  name: string;
  ok: boolean;
  problems: string[];
}

const MAX_PROBLEMS = 20;

function result(name: string, problems: string[]): CheckResult {
  const shown =
    problems.length > MAX_PROBLEMS ? [...problems.slice(0, MAX_PROBLEMS), `… and ${problems.length - MAX_PROBLEMS} more`] : problems;
  return { name, ok: problems.length === 0, problems: shown };
}

export function checkIntegrity(db: Db): CheckResult {
  const lines = query(db, 'SELECT * FROM pragma_integrity_check()', (row) => text(row, 'integrity_check')).all();
  const problems = lines.filter((line) => line !== 'ok');
  return result('SQLite integrity_check', problems);
}

export function checkForeignKeys(db: Db): CheckResult {
  const problems = query(
    db,
    'SELECT * FROM pragma_foreign_key_check()',
    (r) => `${text(r, 'table')} row ${maybeInt(r, 'rowid')} points at a missing ${text(r, 'parent')}`,
  ).all();
  return result('SQLite foreign_key_check', problems);
}

interface IntegrationRaw {
  id: number;
  storefront_slug: string;
  wallet_slug: string;
  state: string;
  version: number;
  rollout_percent: number;
  channels: string;
  min_amount_fen: number | null;
  max_amount_fen: number | null;
  display_order: number;
}

interface EventRaw extends Omit<IntegrationRaw, 'storefront_slug' | 'wallet_slug' | 'state'> {
  integration_id: number;
  verb: string;
  from_state: string;
  to_state: string;
  /** active or cancelled; anything else is read as it is, for the checks to report. */
  status: string;
}

const RULE_COLUMNS = ['rollout_percent', 'channels', 'min_amount_fen', 'max_amount_fen', 'display_order'] as const;

function rulesRawFrom(row: Row): Pick<IntegrationRaw, (typeof RULE_COLUMNS)[number]> {
  return {
    rollout_percent: int(row, 'rollout_percent'),
    channels: text(row, 'channels'),
    min_amount_fen: maybeInt(row, 'min_amount_fen'),
    max_amount_fen: maybeInt(row, 'max_amount_fen'),
    display_order: int(row, 'display_order'),
  };
}

function integrationRawFrom(row: Row): IntegrationRaw {
  return {
    id: int(row, 'id'),
    storefront_slug: text(row, 'storefront_slug'),
    wallet_slug: text(row, 'wallet_slug'),
    state: text(row, 'state'),
    version: int(row, 'version'),
    ...rulesRawFrom(row),
  };
}

function eventRawFrom(row: Row): EventRaw {
  return {
    id: int(row, 'id'),
    integration_id: int(row, 'integration_id'),
    version: int(row, 'version'),
    verb: text(row, 'verb'),
    from_state: text(row, 'from_state'),
    to_state: text(row, 'to_state'),
    status: text(row, 'status'),
    ...rulesRawFrom(row),
  };
}

/** Problems in one integration's log: each event a transition from the table, chained from the last active one. */
export function logProblems(label: string, events: readonly EventRaw[]): string[] {
  const problems: string[] = [];
  let state: IntegrationState = 'not_requested';
  events.forEach((event, index) => {
    const at = `${label} v${event.version}`;
    if (event.version !== index + 1) problems.push(`${at}: versions are not 1, 2, 3, … (found ${event.version} at position ${index + 1})`);
    if (!isVerb(event.verb)) {
      problems.push(`${at}: unknown verb "${event.verb}"`);
      return;
    }
    const transition = TRANSITIONS[event.verb];
    if (!transition.from.some((from) => from === event.from_state) || transition.to !== event.to_state) {
      problems.push(`${at}: ${event.verb} ${event.from_state} → ${event.to_state} is not in the transition table`);
    }
    if (event.from_state !== state) problems.push(`${at}: starts from ${event.from_state} but the log had reached ${state}`);
    // A cancelled event (a scheduled launch superseded before it took effect) never happened.
    if (event.status === 'active' && isState(event.to_state)) state = event.to_state;
  });
  return problems;
}

/**
 * The log is the truth: each integration's row equals its latest event (state, rules, version),
 * and every event is an allowed transition from the state the log had reached.
 */
export function checkLogReplay(db: Db): CheckResult {
  const integrations = query(db, 'SELECT * FROM integrations ORDER BY id', integrationRawFrom).all();
  const eventsOf = query<EventRaw, [number]>(
    db,
    'SELECT * FROM integration_events WHERE integration_id = ? ORDER BY version',
    eventRawFrom,
  );
  const problems: string[] = [];
  for (const row of integrations) {
    const label = `${row.storefront_slug} × ${row.wallet_slug}`;
    if (!isState(row.state)) problems.push(`${label}: unknown state "${row.state}"`);
    const events = eventsOf.all(row.id);
    problems.push(...logProblems(label, events));
    const latest = events.at(-1);
    if (!latest) {
      if (row.version !== 0 || row.state !== 'not_requested') {
        problems.push(`${label}: no events, yet the row is ${row.state} at version ${row.version}`);
      }
      continue;
    }
    if (row.version !== latest.version) problems.push(`${label}: row at version ${row.version}, latest event at ${latest.version}`);
    if (row.state !== latest.to_state) problems.push(`${label}: row is ${row.state}, latest event says ${latest.to_state}`);
    for (const column of RULE_COLUMNS) {
      if (row[column] !== latest[column]) {
        problems.push(`${label}: row ${column} = ${String(row[column])}, latest event says ${String(latest[column])}`);
      }
    }
  }
  const orphans = query(
    db,
    `SELECT e.id FROM integration_events e LEFT JOIN integrations i ON i.id = e.integration_id
    WHERE i.id IS NULL`,
    (row) => int(row, 'id'),
  ).all();
  for (const id of orphans) problems.push(`event ${id} belongs to no integration`);
  return result('Event log replays to the current state', problems);
}

export function checkPayments(db: Db): CheckResult {
  const problems: string[] = [];
  const found = (sql: string, problem: Mapper<string>) => {
    for (const line of query(db, sql, problem).all()) problems.push(line);
  };
  found(
    `SELECT order_id AS orderId, count(*) AS n FROM payments WHERE outcome = 'succeeded' GROUP BY order_id HAVING n > 1`,
    (row) => `order ${text(row, 'orderId')} has ${int(row, 'n')} succeeded payments`,
  );
  found(
    `SELECT p.id, p.order_id AS orderId FROM payments p LEFT JOIN orders o ON o.id = p.order_id WHERE o.id IS NULL`,
    (row) => `payment ${int(row, 'id')} is for order ${text(row, 'orderId')}, which does not exist`,
  );
  found(
    `SELECT o.id FROM orders o WHERE o.status = 'paid'
    AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.order_id = o.id AND p.outcome = 'succeeded')`,
    (row) => `order ${text(row, 'id')} is paid but has no succeeded payment`,
  );
  found(
    `SELECT o.id, o.status FROM orders o
    WHERE EXISTS (SELECT 1 FROM payments p WHERE p.order_id = o.id AND p.outcome = 'succeeded') AND o.status <> 'paid'`,
    (row) => `order ${text(row, 'id')} has a succeeded payment but is ${text(row, 'status')}`,
  );
  found(
    'SELECT o.id FROM orders o WHERE NOT EXISTS (SELECT 1 FROM order_items i WHERE i.order_id = o.id)',
    (row) => `order ${text(row, 'id')} has no items (half-written)`,
  );
  found(
    `SELECT o.id FROM orders o JOIN order_items i ON i.order_id = o.id
    GROUP BY o.id HAVING sum(i.unit_price_fen * i.quantity) <> o.total_fen`,
    (row) => `order ${text(row, 'id')}: items do not add up to its total`,
  );
  return result('Orders and payments agree', problems);
}

/** The review's aggregates (0012) against a recount of the orders and a replay of the log; nothing to check before 0012. */
export function checkReviewAggregates(db: Db): CheckResult {
  const name = 'Review aggregates match the orders and the log';
  const migrated = query(
    db,
    "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name IN ('review_order_counts', 'review_live_changes')",
    (row) => int(row, 'n'),
  ).one();
  if (migrated !== 2) return result(name, []);
  const problems: string[] = [];
  const counts = query(
    db,
    `
    WITH counted AS (SELECT storefront_slug, wallet_slug, status, count(*) AS n FROM orders GROUP BY storefront_slug, wallet_slug, status),
      kept AS (SELECT storefront_slug, wallet_slug, status, orders AS n FROM review_order_counts WHERE orders <> 0)
    SELECT k.storefront_slug AS storefront, k.wallet_slug AS wallet, k.status, k.n AS kept, c.n AS counted
      FROM kept k LEFT JOIN counted c USING (storefront_slug, wallet_slug, status) WHERE c.n IS NOT k.n
    UNION ALL
    SELECT c.storefront_slug, c.wallet_slug, c.status, NULL, c.n FROM counted c
      WHERE NOT EXISTS (SELECT 1 FROM kept k WHERE (k.storefront_slug, k.wallet_slug, k.status) = (c.storefront_slug, c.wallet_slug, c.status))`,
    (row) =>
      `${text(row, 'storefront')} × ${text(row, 'wallet')} ${text(row, 'status')}: ${maybeInt(row, 'kept') ?? 0} orders kept, ${maybeInt(row, 'counted') ?? 0} counted`,
  ).all();
  for (const line of counts) problems.push(line);
  const changes = query(
    db,
    `
    WITH replayed AS (SELECT id FROM (SELECT id, (to_state = 'live') AS live,
        lag(to_state = 'live', 1, 0) OVER (PARTITION BY integration_id ORDER BY effective_at, id) AS wasLive
      FROM integration_events WHERE status = 'active') WHERE live <> wasLive)
    SELECT event_id AS eventId, 1 AS kept FROM review_live_changes WHERE event_id NOT IN (SELECT id FROM replayed)
    UNION ALL
    SELECT id, 0 FROM replayed WHERE id NOT IN (SELECT event_id FROM review_live_changes)`,
    (row) =>
      `event ${int(row, 'eventId')} ${int(row, 'kept') ? 'is kept as a change of live-ness but is none' : 'changes live-ness but is not kept'}`,
  ).all();
  for (const line of changes) problems.push(line);
  return result(name, problems);
}

/** Every check `npm run db:check` runs, in order. */
export function checkDatabase(db: Db): CheckResult[] {
  return [checkIntegrity(db), checkForeignKeys(db), checkLogReplay(db), checkPayments(db), checkReviewAggregates(db)];
}
