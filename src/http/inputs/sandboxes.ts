import { z } from 'zod';
import { ScenarioFile } from '../../db/scenario-schema.ts';
import { scenarioNames } from '../../db/scenarios.ts';
import { durationProblem, parseDuration, parseDurationOrWords } from '../../domain/durations.ts';
import { invalidFields } from '../../domain/errors.ts';
import { fieldErrors } from '../problem.ts';
import { parseInput } from '../validate.ts';
import { closedObject, instant } from './common.ts';

const NAMES = scenarioNames();
const scenarioName = z.enum(NAMES, { message: `one of: ${NAMES.join(', ')}; or a scenario object` });

export const SandboxBody = closedObject({
  scenario: z
    .union([scenarioName, ScenarioFile])
    .describe(`a scenario's name (${NAMES.join(', ')}) or an inline scenario object, validated like the files in db/scenarios`),
  clock: instant.optional().describe('where the sandbox clock starts (default: now); it stands still until moved'),
});

/**
 * SandboxBody, with an inline scenario's errors named inside it (scenario.integrations.0.events.0.verb):
 * a union alone would only say that `scenario` matched neither a name nor a scenario.
 */
export function parseSandboxBody(body: unknown): z.infer<typeof SandboxBody> {
  const scenario: unknown = typeof body === 'object' && body !== null && 'scenario' in body ? body.scenario : undefined;
  const chosen = typeof scenario === 'object' && scenario !== null ? ScenarioFile.safeParse(scenario) : scenarioName.safeParse(scenario);
  if (scenario !== undefined && !chosen.success) {
    throw invalidFields(fieldErrors(chosen.error).map((e) => ({ ...e, path: e.path === '(body)' ? 'scenario' : `scenario.${e.path}` })));
  }
  return parseInput(SandboxBody, body);
}

const DURATION_RULE =
  'an ISO-8601 duration such as PT2H, P1D, P1W or P1DT12H (no years or months), short enough that the clock stays within 1970–9999';

/** parseDuration's rule for the document: weeks, days, hours, minutes, seconds; at least one; sizes that fit a clock. */
const DURATION_PATTERN = '^P(?!$)([0-9]{1,5}W)?([0-9]{1,6}D)?(T(?=[0-9])([0-9]{1,8}H)?([0-9]{1,9}M)?([0-9]{1,10}(\\.[0-9]{1,3})?S)?)?$';

/** A duration the clock can move by, or the sentence that says why not, with an example that is (the form also reads words). */
const duration = (accepts: 'iso' | 'iso-or-words') =>
  z
    .string()
    .trim()
    .transform((text, ctx) => {
      const problem = durationProblem(text, accepts);
      if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
      return (accepts === 'iso' ? parseDuration(text) : parseDurationOrWords(text)) ?? z.NEVER;
    });

const advance = duration('iso').meta({ description: DURATION_RULE, pattern: DURATION_PATTERN, example: 'P1D' });
const ClockTo = closedObject({ to: instant.describe('move the clock to this instant (not earlier than it is)') });
const ClockAdvance = closedObject({ advance });

export const ClockBody = z.union([ClockTo, ClockAdvance], {
  message: 'send either { "to": an instant } or { "advance": a duration such as "P1D" }',
});

/** ClockBody, with the field named when the body chose one (`to` or `advance`): a union alone would name only the body. */
export function parseClockBody(body: unknown): z.infer<typeof ClockBody> {
  const has = (key: string) => typeof body === 'object' && body !== null && key in body;
  if (has('to') && !has('advance')) return parseInput(ClockTo, body);
  if (has('advance') && !has('to')) return parseInput(ClockAdvance, body);
  return parseInput(ClockBody, body);
}

/**
 * The page's clock forms: a step button (+1 hour …) or a typed duration send `advance`; the jump
 * form sends `to` (a datetime-local field, UTC). One of them, never both.
 */
export const ClockForm = z
  .object({
    advance: z.preprocess((v) => (v === '' ? undefined : v), duration('iso-or-words').optional()),
    to: z.preprocess((v) => (v === '' ? undefined : v), instant.optional()),
  })
  .transform((form, ctx) => {
    if (form.advance !== undefined && form.to === undefined) return { advanceMs: form.advance };
    if (form.to !== undefined && form.advance === undefined) return { to: form.to };
    ctx.addIssue({
      code: 'custom',
      path: [form.to === undefined ? 'advance' : 'to'],
      message: 'Choose one: a step (+1 day), a duration such as P1D or "3 days", or a date to jump to.',
    });
    return z.NEVER;
  });

/** The clock page: where to lead back to (a path of this world, checked by returnPathOf). */
export const ClockPageQuery = z.object({ next: z.string().optional() });

export const SandboxParams = z.object({ id: z.string().regex(/^sb_[A-Za-z0-9_-]{16}$/, 'a sandbox id such as sb_AbCdEfGh12345678') });

/** The delete button on /sandboxes. */
export const SandboxDeleteForm = z.object({ id: SandboxParams.shape.id });

/** The create form on /sandboxes: a named scenario and an optional start. */
export const SandboxForm = z.object({
  scenario: z.enum(NAMES, { message: `one of: ${NAMES.join(', ')}` }),
  clock: z.preprocess((v) => (v === '' ? undefined : v), instant.optional()),
});
