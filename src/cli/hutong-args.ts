import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Exit codes every hutong command keeps to: scripts can tell a usage slip from a refusal. */
export const EXIT = {
  ok: 0,
  /** Something went wrong while doing what was asked (a server that answered 5xx, a file that could not be written). */
  failed: 1,
  /** The command line itself is wrong: an unknown option, a missing argument, a bad value. */
  usage: 2,
  /** Refused on purpose: a server holds the database, the server said no (4xx). */
  refused: 3,
  /** No server answered at --url. */
  unreachable: 4,
} as const;

/** A one-line failure: the CLI prints `hutong: <message>` and exits with `code`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly code: number = EXIT.usage,
  ) {
    super(message);
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util's parseArgs, strict, with --help added and its errors turned into one usage line. */
export function parseCommand<T extends Options>(args: string[], options: T) {
  try {
    return parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message.split('\n')[0]! : String(error));
  }
}

/** The value of an option that must be a whole number in a range. */
export function wholeNumber(name: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max)
    throw new CliError(`--${name} must be a whole number from ${min} to ${max} (got "${text}").`);
  return value;
}

/** Exactly the positional arguments a command takes, by name, or a usage error naming the missing one. */
export function positionals(given: string[], names: string[]): string[] {
  if (given.length < names.length) throw new CliError(`missing ${names[given.length]}.`);
  if (given.length > names.length) throw new CliError(`unexpected argument "${given[names.length]}".`);
  return given;
}
