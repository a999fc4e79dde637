import type { z } from 'zod';
import { invalidFields } from '../domain/errors.ts';
import { fieldErrors } from './problem.ts';

/** Parses input with its schema or throws a bad_request refusal listing the field paths. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (!result.success) throw invalidFields(fieldErrors(result.error));
  return result.data;
}
