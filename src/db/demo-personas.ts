import type { NewUser } from './users.ts';
import { userQueries } from './users.ts';
import { hashPassword } from '../domain/passwords.ts';
import type { Db } from './open.ts';

type Persona = Omit<NewUser, 'passwordHash' | 'isDemo'> & { summary: string };

/** The people the README and the sign-in page offer (HUTONG_DEMO=1). */
export const DEMO_PERSONAS: readonly Persona[] = [
  {
    username: 'ali.ops',
    displayName: 'Ali Ops (Alibaba payments team)',
    role: 'operator',
    groupSlug: 'alibaba',
    summary: "Requests, launches, adjusts and suspends wallets at Alibaba's storefronts.",
  },
  {
    username: 'tencent.ops',
    displayName: 'Tencent Ops (WeChat links team)',
    role: 'operator',
    groupSlug: 'tencent',
    summary: 'Sets how WeChat opens shared links (behaviour, preview, rollout), now or scheduled.',
  },
  {
    username: 'partner.ops',
    displayName: 'Partner Ops (JD, Pinduoduo, Vipshop in WeChat)',
    role: 'operator',
    groupSlug: 'tencent-side',
    summary: 'Runs the wallets of the Tencent-side mini-program shops and requests link behaviours for their links.',
  },
  {
    username: 'tencent.reviewer',
    displayName: 'Tencent reviewer',
    role: 'reviewer',
    providerSlug: 'tencent',
    summary: "Approves or rejects requests for WeChat Pay, and link platforms' requests to WeChat.",
  },
  {
    username: 'ant.reviewer',
    displayName: 'Ant Group reviewer',
    role: 'reviewer',
    providerSlug: 'ant-group',
    summary: 'Approves or rejects requests for Alipay.',
  },
  {
    username: 'unionpay.reviewer',
    displayName: 'UnionPay reviewer',
    role: 'reviewer',
    providerSlug: 'unionpay',
    summary: 'Approves or rejects requests for UnionPay QR.',
  },
  {
    username: 'admin',
    displayName: 'Administrator',
    role: 'admin',
    summary: 'May act as operator or reviewer anywhere, but never approves a request they made.',
  },
  { username: 'viewer', displayName: 'Viewer (analyst)', role: 'viewer', summary: 'Reads everything, changes nothing.' },
];

/**
 * Creates the demo personas that are missing. They share one documented password,
 * so one hash serves them all (`passwordHash` lets tests skip the 0.5 s scrypt).
 */
export function ensureDemoPersonas(db: Db, options: { password: string; now: string; passwordHash?: string }): string[] {
  const users = userQueries(db);
  const group = db.prepare('SELECT 1 FROM storefront_groups WHERE slug = ?');
  const provider = db.prepare('SELECT 1 FROM providers WHERE slug = ?');
  // A world without Alibaba or Tencent (a generated one) gets only the personas it can hold.
  const missing = DEMO_PERSONAS.filter(
    (p) =>
      !users.byUsername(p.username) &&
      (!p.groupSlug || group.get(p.groupSlug) !== undefined) &&
      (!p.providerSlug || provider.get(p.providerSlug) !== undefined),
  );
  if (missing.length === 0) return [];
  const passwordHash = options.passwordHash ?? hashPassword(options.password);
  db.transaction(() => {
    for (const { summary: _summary, ...persona } of missing) users.insertIfAbsent({ ...persona, passwordHash, isDemo: true }, options.now);
  })();
  return missing.map((p) => p.username);
}
