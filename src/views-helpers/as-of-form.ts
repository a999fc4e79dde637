import type { FieldError } from '../domain/errors.ts';

/**
 * The day a time-travelling page stands at, as a GET form (views/partials/as-of-form.ejs). A date
 * that is not valid (or not allowed) comes back in it as typed, with the field's message, while the
 * page shows today — the same on every page that takes `?asOf=`.
 */
export interface AsOfForm {
  /** The path the form is sent to (a path of the world; the view puts the base in front). */
  action: string;
  /** What the field shows: what was typed when it was refused, else the day the page shows. */
  value: string;
  /** The field's message when `?asOf=` was refused. */
  error: string | undefined;
  /** The message when `?host=` (the app a shared link was opened in) was refused: said above the form. */
  hostError: string | undefined;
}

/** The form for a page at `action` showing the instant `shownAt`; `sent` is the raw `?asOf=`, `invalid` the visit's refusals. */
export function asOfForm(action: string, shownAt: string, sent: unknown, invalid: readonly FieldError[]): AsOfForm {
  const error = invalid.find((e) => e.path === 'asOf')?.message;
  const typed = typeof sent === 'string' ? sent : Array.isArray(sent) ? sent.filter((v) => typeof v === 'string').join(',') : '';
  const hostError = invalid.find((e) => e.path === 'host')?.message;
  return { action, value: error === undefined ? shownAt.slice(0, 10) : typed, error, hostError };
}

/** The status of a page whose `?asOf=` or `?host=` was refused: it still shows (today), as a 400. */
export const standingStatus = (invalid: readonly FieldError[]): number => (invalid.length > 0 ? 400 : 200);
