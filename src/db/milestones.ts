import type { Precision } from '../domain/model.ts';
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

export function milestoneQueries(db: Db) {
  const all = db.prepare(`SELECT id, slug, title, effective_at AS effectiveAt, date_precision AS datePrecision,
    date_note AS dateNote, source_file AS sourceFile FROM milestones ORDER BY effective_at, id`);
  const inEffect = db.prepare('SELECT 1 FROM milestones WHERE slug = ? AND effective_at <= ?').pluck();
  return {
    all: () => all.all() as Milestone[],
    /** Whether the milestone `slug` (e.g. qr-mutual-recognition) had happened by `at`. */
    inEffect: (slug: string, at: string) => inEffect.get(slug, at) !== undefined,
  };
}
export type MilestoneQueries = ReturnType<typeof milestoneQueries>;
