import type { z } from 'zod';
import { Refusal } from '../domain/errors.ts';
import { fieldErrors, type FieldError } from './problem.ts';

export class InvalidInput extends Refusal {
  constructor(readonly errors: FieldError[]) {
    super('bad_request', `Please fix: ${errors.map((e) => `${e.path} — ${e.message}`).join('; ')}`, { errors });
  }
}

/** Parses input with its schema or throws InvalidInput (a 400 with field paths). */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (!result.success) throw new InvalidInput(fieldErrors(result.error));
  return result.data;
}
