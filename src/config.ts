import { isIPv4 } from 'node:net';
import { z } from 'zod';
import { parseDuration } from './domain/durations.ts';
import { parseSchedule } from './domain/webhook-schedule.ts';

const PORT_RULE = 'a port number from 0 to 65535';
const flag = z.enum(['0', '1']).transform((v) => v === '1');

export const ConfigSchema = z.object({
  PORT: z.coerce.number({ message: PORT_RULE }).int(PORT_RULE).min(0, PORT_RULE).max(65535, PORT_RULE).default(3000),
  /** The address to listen on: loopback unless you mean to serve other machines (0.0.0.0, ::). */
  HOST: z.string().trim().min(1, 'an address such as 127.0.0.1, ::1 or 0.0.0.0').default('127.0.0.1'),
  DATABASE_PATH: z.string().min(1).default('db/hutong.sqlite'),
  HUTONG_SCENARIO: z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/, 'a scenario name such as record, walled or open')
    .default('record'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HUTONG_DEMO: flag.default(true),
  /** Demo personas on a non-loopback HOST: 1 says serving their public password to other machines is meant. */
  HUTONG_DEMO_PUBLIC: flag.default(false),
  HUTONG_DEMO_PASSWORD: z.string().min(8, 'at least 8 characters').default('hutong-demo-2021'),
  HUTONG_SECURE_COOKIES: flag.default(false),
  HUTONG_PUBLIC_REVIEW: flag.default(true),
  /** Who webhooks may be sent to: host names, *.domain, loopback, or * (see src/domain/webhooks.ts). */
  HUTONG_WEBHOOK_ALLOW: z.string().trim().min(1, 'e.g. loopback, or hooks.example.com,*.example.org').default('loopback'),
  /** The waits between a message's attempts (src/domain/webhook-schedule.ts): the Standard Webhooks example, carried on to ~2.4 days. */
  HUTONG_WEBHOOK_SCHEDULE: z
    .string()
    .trim()
    .default('5s,5m,30m,2h,5h,10h,10h,10h,10h,10h')
    .transform((text, ctx) => {
      const waits = parseSchedule(text);
      if (waits === null || waits.length > 50)
        ctx.addIssue({ code: 'custom', message: 'comma-separated waits such as 5s,5m,30m,2h,5h,10h (ms, s, m, h or d; at most 50)' });
      return waits ?? z.NEVER;
    }),
  /** Each wait moves by up to this fraction either way (0.1: ±10 %). */
  HUTONG_WEBHOOK_JITTER: z.coerce.number().min(0, 'from 0').max(0.5, 'to 0.5').default(0.1),
  /** Requests in flight at once to one endpoint (1: first attempts go out in sequence order). */
  HUTONG_WEBHOOK_IN_FLIGHT: z.coerce.number().int().min(1, 'at least 1').max(16, 'at most 16').default(1),
  /** How long an idle sandbox lives: an ISO-8601 duration (PT24H, P2D) or seconds. */
  HUTONG_SANDBOX_TTL: z
    .string()
    .trim()
    .default('PT24H')
    .transform((text, ctx) => {
      const ms = /^\d+$/.test(text) ? Number(text) * 1000 : parseDuration(text);
      if (ms === null || ms < 1000)
        ctx.addIssue({ code: 'custom', message: 'a duration such as PT24H or P2D, or a number of seconds (at least 1)' });
      return ms ?? z.NEVER;
    }),
  HUTONG_MAX_SANDBOXES: z.coerce.number().int().min(0, 'at least 0').max(10_000, 'at most 10000').default(100),
  /** At most this many sandboxes' worlds are open at once; the least recently used idle one is closed to open another. */
  HUTONG_MAX_OPEN_SANDBOXES: z.coerce.number().int().min(1, 'at least 1').max(1_000, 'at most 1000').default(32),
  /** Where sandbox files live (default: a sandboxes folder beside DATABASE_PATH). */
  HUTONG_SANDBOX_DIR: z.string().min(1).optional(),
  /** 1: magic amounts (src/domain/magic-amounts.ts) in the default world too; sandboxes always have them. */
  HUTONG_MAGIC_AMOUNTS: flag.default(false),
});

export type Config = z.infer<typeof ConfigSchema>;

/** How the webhook senders retry and how many requests each endpoint gets at once. */
export function webhookSettings(config: Pick<Config, 'HUTONG_WEBHOOK_SCHEDULE' | 'HUTONG_WEBHOOK_JITTER' | 'HUTONG_WEBHOOK_IN_FLIGHT'>) {
  return {
    retry: { schedule: config.HUTONG_WEBHOOK_SCHEDULE, jitter: config.HUTONG_WEBHOOK_JITTER },
    inFlightPerEndpoint: config.HUTONG_WEBHOOK_IN_FLIGHT,
  };
}

/** Parses the environment once; a bad variable stops the process with its name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** 127.0.0.0/8, ::1 and localhost: addresses only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const name = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (name === 'localhost' || name === '::1' || name === '0:0:0:0:0:0:0:1') return true;
  const v4 = name.startsWith('::ffff:') ? name.slice('::ffff:'.length) : name;
  return isIPv4(v4) && v4.startsWith('127.');
}

/**
 * Why the server must not start with this configuration, in one line, or null. The demo personas'
 * password is public (it is in the README): served on an address other machines reach, anyone
 * could sign in as admin, unless HUTONG_DEMO_PUBLIC=1 says that is meant.
 */
export function refusalToStart(config: Pick<Config, 'HOST' | 'HUTONG_DEMO' | 'HUTONG_DEMO_PUBLIC'>): string | null {
  if (!config.HUTONG_DEMO || config.HUTONG_DEMO_PUBLIC || isLoopbackHost(config.HOST)) return null;
  return `Refusing to listen on HOST=${config.HOST} with the demo personas on: their password is public, so anyone who reaches this address could sign in as admin. Set HUTONG_DEMO=0 (and create your own people), or HOST=127.0.0.1, or HUTONG_DEMO_PUBLIC=1 if a public demo is meant.`;
}
