import { EVERY_SANDBOX } from '../support/sessions.ts';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CliError, EXIT } from '../../src/cli/hutong-args.ts';
import { sandbox } from '../../src/cli/hutong-sandbox.ts';
import { token } from '../../src/cli/hutong-token.ts';
import { newWorld, type TestWorld } from '../support/world.ts';

/** What a command printed with console.log, line by line. */
async function printed(run: () => Promise<void>): Promise<string[]> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  try {
    await run();
    return log.mock.calls.map((call) => String(call[0]));
  } finally {
    log.mockRestore();
  }
}

async function refusal(run: () => Promise<void>): Promise<CliError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof CliError) return error;
    throw error;
  }
  throw new Error('the command did not refuse');
}

describe('hutong sandbox and hutong token, against a listening Hutong', () => {
  let world: TestWorld;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    world = newWorld({ sandboxes: {} });
    server = world.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    world.close();
  });

  it('creates a sandbox at a day, prints its id and base URL, moves its clock and deletes it', async () => {
    const [created] = await printed(() => sandbox(['create', '--clock', '2021-09-01', '--url', url]));
    const [id, base, now] = created!.split('\t');
    expect(base).toBe(`${url}/sandboxes/${id}`);
    expect(now).toBe('2021-09-01T00:00:00.000Z');
    expect(world.sandboxes!.summary(id!, EVERY_SANDBOX).createdBy).toBe('admin');

    expect(await printed(() => sandbox(['advance', id!, 'P1W', '--url', url]))).toEqual([`${id}\t${base}\t2021-09-08T00:00:00.000Z`]);
    const moved = JSON.parse((await printed(() => sandbox(['to', id!, '2021-10-15T08:00:00Z', '--json', '--url', url])))[0]!);
    // The record's facts of 30 Sept 2021 (WeChat Pay reported at five shops, requested at three, not offered at two) take effect on the way.
    expect(moved).toMatchObject({ id, now: '2021-10-15T08:00:00.000Z', tookEffect: 10 });

    const back = await refusal(() => sandbox(['to', id!, '2021-09-01', '--url', url]));
    expect([back.code, back.message]).toEqual([EXIT.refused, expect.stringMatching(/^409 clock_backwards: /)]);

    expect(await printed(() => sandbox(['delete', id!, '--url', url]))).toEqual([`deleted ${id}`]);
    expect(world.sandboxes!.list(EVERY_SANDBOX)).toEqual([]);
  });

  it('refuses a wrong command line with exit code 2 before asking the server anything', async () => {
    for (const args of [['create', 'extra'], ['frob'], ['to', 'sb_x'], ['create', '--scenario', 'nope'], ['create', '--nope']]) {
      expect((await refusal(() => sandbox([...args, '--url', 'http://127.0.0.1:9']))).code).toBe(EXIT.usage);
    }
    expect((await refusal(() => sandbox(['list', '--url', 'http://127.0.0.1:9']))).code).toBe(EXIT.unreachable);
  });

  it('prints a token for a demo persona that the API accepts', async () => {
    const [issued] = await printed(() => token(['ali.ops', '--days', '7', '--url', url]));
    const res = await fetch(`${url}/api/integrations`, { headers: { Authorization: `Bearer ${issued}` } });
    expect(res.status).toBe(200);
    expect((await refusal(() => token(['ali.ops', '--password', 'wrong-password', '--url', url]))).message).toMatch(/^401 unauthorized: /);
  });
});
