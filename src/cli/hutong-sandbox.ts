import type { Hutong, Sandbox, ScenarioName } from '../client/index.ts';
import { scenarioNames } from '../db/scenarios.ts';
import { CliError, parseCommand, positionals } from './hutong-args.ts';
import { remoteClient, remoteFailure, remoteHelp, remoteOptions } from './hutong-remote.ts';

export const sandboxHelp = `Usage: hutong sandbox create [--scenario record] [--clock DATE] [--json]
       hutong sandbox list [--json]
       hutong sandbox delete ID
       hutong sandbox advance ID DURATION     (an ISO-8601 duration: PT2H, P1D, P1W)
       hutong sandbox to ID DATE              (an instant or a day: 2021-10-15T08:00:00Z)

Talks to a running server over HTTP, with a token it gets for a demo persona (admin unless --as).
Prints the sandbox's id and base URL (its pages and API are under it); --json prints the API's answer.
${remoteHelp}`;

function line(sandbox: Pick<Sandbox, 'id' | 'now' | 'baseUrl'>, origin: string): string {
  return `${sandbox.id}\t${origin.replace(/\/+$/, '')}${sandbox.baseUrl}\t${sandbox.now}`;
}

/** The scenario named on the command line, if this version ships it. */
function scenarioName(text: string): ScenarioName {
  if (!isShipped(text)) throw new CliError(`unknown scenario "${text}"; choose one of: ${scenarioNames().join(', ')}.`);
  return text;
}

/** A scenario file this version ships is a name the API takes (the API's list is made from the same files). */
const isShipped = (text: string): text is ScenarioName => scenarioNames().includes(text);

/** A day alone is read as its start, UTC (the API wants an instant). */
function instant(text: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text;
}

export async function sandbox(args: string[]): Promise<void> {
  const { values, positionals: given } = parseCommand(args, {
    ...remoteOptions,
    scenario: { type: 'string', default: 'record' },
    clock: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  if (values.help || given.length === 0) {
    if (!values.help) throw new CliError('name a subcommand: create, list, delete, advance or to (hutong sandbox --help).');
    return console.log(sandboxHelp);
  }
  const [verb, ...rest] = given;
  const print = (answer: Sandbox) => console.log(values.json ? JSON.stringify(answer, null, 2) : line(answer, values.url));
  // The arguments are checked before anything is sent.
  const run = planFor(verb!, rest, values, print);
  try {
    await run(await remoteClient(values, true));
  } catch (error) {
    throw remoteFailure(error, values.url) ?? error;
  }
}

function planFor(
  verb: string,
  rest: string[],
  values: { scenario: string; clock?: string | undefined; json: boolean; url: string },
  print: (answer: Sandbox) => void,
): (hutong: Hutong) => Promise<void> {
  switch (verb) {
    case 'create': {
      positionals(rest, []);
      const body = { scenario: scenarioName(values.scenario), ...(values.clock ? { clock: instant(values.clock) } : {}) };
      return async (hutong) => print(await hutong.sandboxes.create(body));
    }
    case 'list':
      positionals(rest, []);
      return async (hutong) => {
        const all = await hutong.sandboxes.list();
        console.log(values.json ? JSON.stringify(all, null, 2) : all.map((s) => line(s, values.url)).join('\n'));
      };
    case 'delete': {
      const [id] = positionals(rest, ['ID']);
      return async (hutong) => {
        await hutong.sandboxes.delete(id!);
        console.log(`deleted ${id}`);
      };
    }
    case 'advance': {
      const [id, duration] = positionals(rest, ['ID', 'DURATION']);
      return async (hutong) => print(await hutong.clock.advance(id!, duration!));
    }
    case 'to': {
      const [id, date] = positionals(rest, ['ID', 'DATE']);
      return async (hutong) => print(await hutong.clock.to(id!, instant(date!)));
    }
    default:
      throw new CliError(`unknown subcommand "${verb}"; choose create, list, delete, advance or to.`);
  }
}
