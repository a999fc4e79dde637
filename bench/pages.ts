import { openDatabase } from '../src/db/open.ts';
import { createPeopleRepositories } from '../src/db/people.ts';
import { hashPassword, newSecret, sha256 } from '../src/domain/passwords.ts';

export interface PageTarget {
  name: string;
  path: string;
  cookie?: string;
}

export interface PageTime {
  path: string;
  medianMs: number;
  maxMs: number;
  status: number;
}

/**
 * An admin with a session, written into the database before the server starts, so the benchmark can
 * open signed-in pages without a sign-in (a generated world has no demo personas). Returns its cookie.
 */
export function adminSessionIn(databasePath: string): string {
  const db = openDatabase(databasePath);
  try {
    const people = createPeopleRepositories(db);
    const now = new Date().toISOString();
    // Nobody signs in with this password; a cheap scrypt keeps the benchmark quick.
    people.users.insertIfAbsent(
      {
        username: 'bench.admin',
        displayName: 'Benchmark admin',
        role: 'admin',
        passwordHash: hashPassword(newSecret(), { N: 1024, r: 8, p: 1 }),
      },
      now,
    );
    const session = newSecret();
    people.sessions.create(sha256(session), (people.users.byUsername('bench.admin') as { id: number }).id, now);
    return `hutong_session=${session}`;
  } finally {
    db.close();
  }
}

async function timeOne(baseUrl: string, target: PageTarget): Promise<{ ms: number; status: number }> {
  const started = performance.now();
  const res = await fetch(`${baseUrl}${target.path}`, { headers: target.cookie ? { cookie: target.cookie } : {}, redirect: 'manual' });
  await res.arrayBuffer();
  return { ms: performance.now() - started, status: res.status };
}

const median = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)] as number;

/**
 * The ratio of two pages' single-request times, `b` ÷ `a`: taken in turns, 101 of each after 20
 * of each to warm up. Two pages of 1–3 ms each are within each other's noise over seven requests
 * apiece (one run gave 1.14×, the next 1.33× for the same code); in turns over a hundred, the
 * machine's moments fall on both alike.
 */
export async function pairedRatio(
  baseUrl: string,
  a: PageTarget,
  b: PageTarget,
  runs = 101,
): Promise<{ aMs: number; bMs: number; ratio: number }> {
  for (let i = 0; i < 20; i++) {
    await timeOne(baseUrl, a);
    await timeOne(baseUrl, b);
  }
  const as: number[] = [];
  const bs: number[] = [];
  for (let i = 0; i < runs; i++) {
    as.push((await timeOne(baseUrl, a)).ms);
    bs.push((await timeOne(baseUrl, b)).ms);
  }
  const round = (ms: number) => Math.round(ms * 100) / 100;
  return { aMs: round(median(as)), bMs: round(median(bs)), ratio: round(median(bs) / median(as)) };
}

/** One request after another (no concurrency): the median and slowest of `runs`, after one warm-up. */
export async function timePages(baseUrl: string, targets: readonly PageTarget[], runs = 7): Promise<Record<string, PageTime>> {
  const times: Record<string, PageTime> = {};
  for (const target of targets) {
    const get = () => timeOne(baseUrl, target);
    await get();
    const samples: number[] = [];
    let status = 0;
    for (let i = 0; i < runs; i++) {
      const sample = await get();
      samples.push(sample.ms);
      status = sample.status;
    }
    samples.sort((a, b) => a - b);
    const round = (ms: number) => Math.round(ms * 10) / 10;
    times[target.name] = {
      path: target.path,
      medianMs: round(samples[Math.floor(samples.length / 2)] as number),
      maxMs: round(samples[samples.length - 1] as number),
      status,
    };
  }
  return times;
}

/** The pages the scale run and the growth curve time on a world, `storefront` one of its storefronts. */
export function pageTargets(storefront: string, admin: string, shopper: string): PageTarget[] {
  return [
    { name: 'home', path: '/' },
    { name: 'storefront', path: `/shop/${storefront}` },
    { name: 'storefront (admin)', path: `/shop/${storefront}`, cookie: admin },
    { name: 'checkout', path: `/shop/${storefront}/checkout`, cookie: shopper },
    { name: 'decision API', path: `/api/storefronts/${storefront}/wallets?shopper=s-1` },
    { name: 'console', path: '/console', cookie: admin },
    { name: 'review matrix', path: '/review?asOf=2021-10-15' },
    { name: 'review timeline', path: '/review/timeline' },
    { name: 'review diff', path: '/review/diff' },
    { name: 'review preview', path: `/review/preview?storefront=${storefront}` },
    { name: 'review coverage', path: '/review/coverage' },
    { name: 'review metrics', path: '/review/metrics' },
  ];
}
