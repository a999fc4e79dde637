import { CliError, parseCommand, positionals } from './hutong-args.ts';
import { demoPassword, remoteClient, remoteFailure, remoteHelp, remoteOptions } from './hutong-remote.ts';

export const tokenHelp = `Usage: hutong token PERSONA [--days 30]

Prints a bearer token for a persona (ali.ops, tencent.reviewer, admin, …) from a running server
(POST /api/tokens). --days is 1, 7, 30 or 90.
${remoteHelp
  .split('\n')
  .filter((option) => !option.includes('--as'))
  .join('\n')}`;

const DAYS = [1, 7, 30, 90] as const;

export async function token(args: string[]): Promise<void> {
  const { values, positionals: given } = parseCommand(args, { ...remoteOptions, days: { type: 'string', default: '30' } });
  if (values.help) return console.log(tokenHelp);
  const [persona] = positionals(given, ['PERSONA']);
  const days = DAYS.find((d) => String(d) === values.days);
  if (days === undefined) throw new CliError(`--days must be one of ${DAYS.join(', ')} (got "${values.days}").`);
  try {
    const hutong = await remoteClient(values, false);
    console.log(await hutong.token(persona!, { password: demoPassword(values.password), days }));
  } catch (error) {
    throw remoteFailure(error, values.url) ?? error;
  }
}
