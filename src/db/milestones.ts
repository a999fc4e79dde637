import { PRECISIONS, type Precision } from '../domain/model.ts';
import type { Db } from './open.ts';
import { int, maybeText, oneOf, query, text, type Row } from './rows.ts';

export interface Milestone {
  id: number;
  slug: string;
  title: string;
  effectiveAt: string;
  datePrecision: Precision;
  dateNote: string;
  sourceFile: string | null;
}

/** The columns every milestone query selects, named as `milestoneFrom` reads them. */
export const MILESTONE_COLUMNS = `id, slug, title, effective_at AS effectiveAt, date_precision AS datePrecision,
  date_note AS dateNote, source_file AS sourceFile`;

export function milestoneFrom(row: Row): Milestone {
  return {
    id: int(row, 'id'),
    slug: text(row, 'slug'),
    title: text(row, 'title'),
    effectiveAt: text(row, 'effectiveAt'),
    datePrecision: oneOf(row, 'datePrecision', PRECISIONS),
    dateNote: text(row, 'dateNote'),
    sourceFile: maybeText(row, 'sourceFile'),
  };
}

export function milestoneQueries(db: Db) {
  const all = query<Milestone, []>(db, `SELECT ${MILESTONE_COLUMNS} FROM milestones ORDER BY effective_at, id`, milestoneFrom);
  const inEffect = query<true, [string, string]>(db, 'SELECT 1 FROM milestones WHERE slug = ? AND effective_at <= ?', () => true);
  return {
    all: () => all.all(),
    /** Whether the milestone `slug` (e.g. qr-mutual-recognition) had happened by `at`. */
    inEffect: (slug: string, at: string) => inEffect.get(slug, at) !== undefined,
  };
}
export type MilestoneQueries = ReturnType<typeof milestoneQueries>;
