import type { Response } from 'express';
import { toCsv } from '../domain/review/csv.ts';
import { PROBLEMS, type Problem } from './problem.ts';

/** Sends records (all with the same keys) as a CSV download. */
export function sendCsv(res: Response, filename: string, header: readonly string[], records: ReadonlyArray<Record<string, unknown>>): void {
  res.type('text/csv; charset=utf-8');
  res.attachment(filename);
  res.send(
    toCsv(
      header,
      records.map((record) => header.map((key) => record[key])),
    ),
  );
}

/** An export's error as CSV, so a spreadsheet shows what to fix: one row per field, or one for the whole request. */
export function sendCsvProblem(res: Response, problem: Problem): void {
  const rows =
    problem.errors.length > 0 ? problem.errors.map((e) => [problem.code, e.path, e.message]) : [[problem.code, '', problem.detail]];
  res
    .status(PROBLEMS[problem.code].status)
    .type('text/csv; charset=utf-8')
    .send(toCsv(['code', 'path', 'message'], rows));
}
