import { beforeEach, describe, expect, it } from 'vitest';
import { createSandbox } from '../support/sandboxes.ts';
import { signedInAs } from '../support/sessions.ts';
import { count, newWorld, type TestWorld } from '../support/world.ts';

let world: TestWorld;
beforeEach(() => {
  world = newWorld({ scenario: 'record', sandboxes: {} });
  return () => world.close();
});

const endpointOf = (id: string) =>
  world.db
    .prepare('SELECT url, events, version, disabled_at AS disabledAt, owner_slug AS owner FROM webhook_endpoints WHERE id = ?')
    .get(id) as { url: string; events: string; version: number; disabledAt: string | null; owner: string } | undefined;

describe('the webhooks pages', () => {
  it('an operator adds a webhook (its secret shown once), edits, disables, tests and rotates it through plain forms', async () => {
    const ali = await signedInAs(world, 'ali.ops');
    const list = await ali.page('/webhooks');
    expect(list.status).toBe(200);
    expect(list.text).toContain('Add a webhook');
    expect(list.text).toContain('href="/webhooks"'); // the nav link
    const bad = await ali.form('/webhooks', { url: 'http://example.com/hooks', events: '*' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('example.com is not an allowed webhook host');
    expect(count(world.db, 'webhook_endpoints')).toBe(0);

    const made = await ali.form('/webhooks', { url: 'http://127.0.0.1:4000/hooks', events: 'order.*, payment.*' });
    expect(made.status).toBe(201);
    const id = /data-created-webhook="(wh_[^"]+)"/.exec(made.text)?.[1] ?? '';
    expect(made.text).toMatch(/whsec_[A-Za-z0-9+/]{43}=/);
    expect(made.headers['cache-control']).toBe('no-store');
    expect(endpointOf(id)).toMatchObject({ url: 'http://127.0.0.1:4000/hooks', events: '["order.*","payment.*"]', owner: 'alibaba' });

    const page = await ali.page(`/webhooks/${id}`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('whsec_');
    const edited = await ali.form(`/webhooks/${id}`, { url: 'http://127.0.0.1:4001/hooks', events: 'order.paid', version: 1 });
    expect(edited.status).toBe(303);
    expect(endpointOf(id)).toMatchObject({ url: 'http://127.0.0.1:4001/hooks', events: '["order.paid"]', version: 2 });
    const stale = await ali.form(`/webhooks/${id}`, { url: 'http://127.0.0.1:4002/hooks', events: '*', version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('it was changed meanwhile');
    expect(endpointOf(id)?.url).toBe('http://127.0.0.1:4001/hooks');

    expect((await ali.form(`/webhooks/${id}/disable`, {})).status).toBe(303);
    expect(endpointOf(id)?.disabledAt).not.toBeNull();
    expect((await ali.page(`/webhooks/${id}`)).text).toContain('disabled by ali.ops');
    expect((await ali.form(`/webhooks/${id}/enable`, {})).status).toBe(303);
    expect(endpointOf(id)?.disabledAt).toBeNull();

    expect((await ali.form(`/webhooks/${id}/test`, {})).status).toBe(303);
    const withTest = await ali.page(`/webhooks/${id}?type=webhook.test`);
    expect(withTest.text).toContain('webhook.test');
    expect(count(world.db, 'webhook_deliveries', "endpoint_id = ? AND event_type = 'webhook.test'", id)).toBe(1);
    expect((await ali.page(`/webhooks/${id}?status=delivered`)).text).toContain('No messages match');

    const before = world.db.prepare('SELECT secret, version FROM webhook_endpoints WHERE id = ?').get(id) as {
      secret: string;
      version: number;
    };
    const shown = /action="\/webhooks\/[^"]+\/rotate"[^>]*>\s*<input[^>]*>\s*<input type="hidden" name="version" value="(\d+)">/.exec(
      (await ali.page(`/webhooks/${id}`)).text,
    )?.[1];
    expect(shown).toBe(String(before.version));
    const rotated = await ali.form(`/webhooks/${id}/rotate`, { version: shown ?? '' });
    expect(rotated.status).toBe(200);
    expect(rotated.text).toContain('New secret');
    expect(rotated.text).toMatch(/whsec_/);
    // The same form sent again (a double click) rotates nothing: the secret the receiver holds still signs.
    const twice = await ali.form(`/webhooks/${id}/rotate`, { version: shown ?? '' });
    expect(twice.status).toBe(409);
    expect(twice.text).toContain('changed meanwhile');
    expect(twice.text).not.toMatch(/whsec_/);
    expect(world.db.prepare('SELECT previous_secret FROM webhook_endpoints WHERE id = ?').pluck().get(id)).toBe(before.secret);
  });

  it('someone outside the webhook’s scope gets 404, a viewer 403, and a sandbox serves the same pages for its own webhooks', async () => {
    const ali = await signedInAs(world, 'ali.ops');
    const made = await ali.form('/webhooks', { url: 'http://127.0.0.1:4000/hooks', events: '*' });
    const id = /data-created-webhook="(wh_[^"]+)"/.exec(made.text)?.[1] ?? '';
    const partner = await signedInAs(world, 'partner.ops');
    expect((await partner.page(`/webhooks/${id}`)).status).toBe(404);
    expect((await partner.form(`/webhooks/${id}/disable`, {})).status).toBe(404);
    expect(endpointOf(id)?.disabledAt).toBeNull();
    expect((await partner.page('/webhooks')).text).not.toContain(id);
    const viewer = await signedInAs(world, 'viewer');
    expect((await viewer.page('/webhooks')).status).toBe(403);

    const sandbox = await createSandbox(world, { scenario: 'record' }, ali.agent);
    const inside = await ali.page(`/sandboxes/${sandbox.id}/webhooks`);
    expect(inside.status).toBe(200);
    expect(inside.text).not.toContain(id); // the default world's webhook is not the sandbox's
    expect(inside.text).toContain('Faults on purpose');
    const sandboxMade = await ali.form(`/sandboxes/${sandbox.id}/webhooks`, {
      url: 'http://127.0.0.1:4000/hooks',
      events: '*',
      duplicate: 'on',
    });
    expect(sandboxMade.status).toBe(201);
    const sandboxId = /data-created-webhook="(wh_[^"]+)"/.exec(sandboxMade.text)?.[1] ?? '';
    expect((await ali.page(`/sandboxes/${sandbox.id}/webhooks/${sandboxId}`)).status).toBe(200);
    expect((await ali.page(`/webhooks/${sandboxId}`)).status).toBe(404);
    const refused = await ali.form('/webhooks', { url: 'http://127.0.0.1:4000/hooks', events: '*', duplicate: 'on' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('only in a sandbox');
  });
});
