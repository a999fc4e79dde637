import { isPrecision, type Precision } from '../domain/model.ts';
import type { Db } from './open.ts';

export interface Milestone {
  id: number;
  slug: string;
  title: string;
  effectiveAt: string;
  datePrecision: Precision;
  dateNote: string;
  sourceFile: string | null;
}

/** A row as SQLite gives it: the precision is any text until checked. */
type MilestoneDbRow = Omit<Milestone, 'datePrecision'> & { datePrecision: string };

function milestoneFrom(row: MilestoneDbRow): Milestone {
  if (!isPrecision(row.datePrecision)) throw new Error(`Unexpected date precision "${row.datePrecision}" in milestones.`);
  return { ...row, datePrecision: row.datePrecision };
}

export function milestoneQueries(db: Db) {
  const all = db.prepare<[], MilestoneDbRow>(`SELECT id, slug, title, effective_at AS effectiveAt, date_precision AS datePrecision,
    date_note AS dateNote, source_file AS sourceFile FROM milestones ORDER BY effective_at, id`);
  const inEffect = db.prepare<[string, string], number>('SELECT 1 FROM milestones WHERE slug = ? AND effective_at <= ?').pluck();
  return {
    all: () => all.all().map(milestoneFrom),
    /** Whether the milestone `slug` (e.g. qr-mutual-recognition) had happened by `at`. */
    inEffect: (slug: string, at: string) => inEffect.get(slug, at) !== undefined,
  };
}
export type MilestoneQueries = ReturnType<typeof milestoneQueries>;
