/**
 * Whether `value` is one of `values` — a guard, so a plain string (a form field, a column) narrows
 * to the union without a cast. `includes` on a `readonly T[]` refuses a `string` argument.
 */
export function isOneOf<T extends string | number>(values: readonly T[], value: unknown): value is T {
  return values.some((candidate) => candidate === value);
}
