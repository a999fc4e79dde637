import { createHutong, HutongProblem, type Hutong } from '../client/index.ts';
import { CliError, EXIT } from './hutong-args.ts';

export const DEFAULT_URL = 'http://127.0.0.1:3000';

export const remoteOptions = {
  url: { type: 'string', default: process.env.HUTONG_URL ?? DEFAULT_URL },
  as: { type: 'string', default: 'admin' },
  password: { type: 'string' },
} as const;

export const remoteHelp = `  --url URL        the running server (default ${DEFAULT_URL}, or HUTONG_URL)
  --as PERSONA     the demo persona whose token is used (default admin)
  --password PW    its password (default HUTONG_DEMO_PASSWORD, or the demo's hutong-demo-2021)`;

/** A client of the server at --url; `signIn` adds a token for the demo persona --as. */
export async function remoteClient(values: { url: string; as: string; password?: string | undefined }, signIn: boolean): Promise<Hutong> {
  const anonymous = createHutong({ baseUrl: values.url });
  if (!signIn) return anonymous;
  const token = await anonymous.token(values.as, { password: demoPassword(values.password), days: 1 });
  return createHutong({ baseUrl: values.url, token });
}

export function demoPassword(given: string | undefined): string {
  return given ?? process.env.HUTONG_DEMO_PASSWORD ?? 'hutong-demo-2021';
}

/** A refusal from the server, or no server at all, as one line and its exit code. */
export function remoteFailure(error: unknown, url: string): CliError | undefined {
  if (error instanceof HutongProblem)
    return new CliError(
      `${error.status} ${error.code}: ${error.detail}${error.requestId ? ` (request ${error.requestId})` : ''}`,
      error.status >= 500 ? EXIT.failed : error.status === 400 ? EXIT.usage : EXIT.refused,
    );
  if (error instanceof TypeError && /fetch failed/.test(error.message))
    return new CliError(`no Hutong server answers at ${url} (start one with: hutong serve).`, EXIT.unreachable);
  return undefined;
}
