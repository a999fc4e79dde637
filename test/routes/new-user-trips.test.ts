import { readFileSync } from 'node:fs';
import supertest from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../../src/domain/webhooks.ts';
import { formatRecordedDate } from '../../src/domain/time.ts';
import { putInState, transitionAs } from '../support/integrations.ts';
import { signedInAs } from '../support/sessions.ts';
import { shopperWithCart } from '../support/shopping.ts';
import { browserAgent, count, newWorld, type TestWorld } from '../support/world.ts';

// What a new user tripped on (issue 25), each as the pages answer it now.
let world: TestWorld;
beforeEach(() => {
  world = newWorld({ scenario: 'record', now: '2026-11-22T09:00:00.000Z' });
  return () => world.close();
});

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .replace(/ ([.,;)])/g, '$1');
const events = (storefront: string, wallet: string) =>
  world.db
    .prepare(
      `SELECT e.verb, e.effective_at AS effectiveAt, e.status, e.rollout_percent AS rollout, e.channels FROM integration_events e
       JOIN integrations i ON i.id = e.integration_id WHERE i.storefront_slug = ? AND i.wallet_slug = ? ORDER BY e.version`,
    )
    .all(storefront, wallet) as { verb: string; effectiveAt: string; status: string; rollout: number; channels: string }[];
const version = (storefront: string, wallet: string) => world.repos.integrations.find(storefront, wallet)!.version;

describe('the timeline', () => {
  it('lists a launch scheduled for later today as Scheduled, in the future, and the approval before it as past', async () => {
    putInState(world, 'idle-fish', 'wechat-pay', 'approved');
    const ops = await signedInAs(world, 'ali.ops');
    await ops
      .form('/console/integrations/idle-fish/wechat-pay/launch', {
        expectedVersion: version('idle-fish', 'wechat-pay'),
        effectiveAt: '2026-11-22T18:00',
        rolloutPercent: 100,
        channels: 'app',
        displayOrder: 1,
      })
      .expect(303);
    expect(events('idle-fish', 'wechat-pay').at(-1)).toMatchObject({
      verb: 'launch',
      effectiveAt: '2026-11-22T18:00:00.000Z',
      status: 'active',
    });

    const page = await supertest(world.app).get('/review/timeline?storefront=idle-fish&wallet=wechat-pay').expect(200);
    const rows = [...page.text.matchAll(/<tr data-event="\d+"[^>]*>([\s\S]*?)<\/tr>/g)].map((m) => text(m[1]!));
    const launch = rows.find((row) => row.includes(' launch '))!;
    expect(launch).toContain('Scheduled in the future');
    expect(rows.filter((row) => row.includes('Scheduled'))).toHaveLength(1);
  });

  it('answers a storefront or wallet filter that names nothing with a 400 naming the field', async () => {
    const res = await supertest(world.app).get('/review/timeline?storefront=nope&wallet=cash').expect(400);
    expect(text(res.text)).toContain('Storefront: not a storefront of this world');
    expect(text(res.text)).toContain('Wallet: not a wallet of this world');
    await supertest(world.app).get('/review/timeline?storefront=eleme').expect(200);
  });

  it('answers the same filter on the timeline downloads with a 400 naming the field, in the download’s own format', async () => {
    const json = await supertest(world.app).get('/review/timeline.json?storefront=nope').expect(400);
    expect(json.body.code).toBe('bad_request');
    expect(json.body.errors.map((e: { path: string }) => e.path)).toEqual(['storefront']);
    const csv = await supertest(world.app).get('/review/timeline.csv?wallet=cash').expect(400);
    expect(csv.text).toContain('wallet');
    const known = await supertest(world.app).get('/review/timeline.json?storefront=eleme').expect(200);
    expect(known.body.events.length).toBeGreaterThan(0);
  });
});

describe('shopper pages lead with the sentence', () => {
  it('puts the hidden wallet’s sentence first and its reason code after it, without saying "Not available here" twice', async () => {
    const shopper = await shopperWithCart(world, 'taobao-deals');
    const page = await shopper.page('/shop/taobao-deals/checkout');
    const hidden = /<li class="hidden-wallet" data-wallet="wechat-pay"[^>]*>([\s\S]*?)<\/li>/.exec(page.text)![1]!;
    expect(text(hidden).trim()).toBe(
      "WeChat Pay Taobao Deals has asked to offer WeChat Pay; awaiting Tencent's approval. PENDING_PROVIDER_APPROVAL",
    );
    expect(hidden).toMatch(/class="reason-label"/);

    const refused = await shopper.form('/shop/taobao-deals/orders', { channel: 'app', wallet: 'wechat-pay' }).expect(409);
    expect(text(refused.text)).toContain(
      "WeChat Pay is not available for this order: Taobao Deals has asked to offer WeChat Pay; awaiting Tencent's approval.",
    );
    expect(refused.text).not.toMatch(/Not available here: awaiting/);
    expect(count(world.db, 'orders')).toBe(0);
  });

  it('names the rule of a link step in words, its code a small label after them', async () => {
    const chat = await supertest(world.app).get('/hosts/wechat/one_to_one?asOf=2021-10-15').expect(200);
    const first = chat.text.slice(chat.text.search(/data-behaviour="(?!direct)/));
    const behaviour = /data-behaviour="([a-z_]+)"/.exec(first)![1]!;
    const id = /\/open\/([\w-]+)\?/.exec(first)![1]!;
    const step = await supertest(world.app).get(`/hosts/wechat/one_to_one/open/${id}?asOf=2021-10-15`).expect(200);
    const words = {
      confirm_twice: 'second confirmation',
      risk_warning: 'risk warning, then open',
      blocked: 'blocked',
      copy_token: 'copy a token',
    }[behaviour as 'blocked'];
    expect(text(step.text)).toMatch(new RegExp(`WeChat's rule for \\w+ links here: ${words} ${behaviour.toUpperCase()}, since`));
    expect(step.text).not.toContain('The policy in force');
  });

  it('labels the personas as people read them', async () => {
    const page = await supertest(world.app).get('/sign-in').expect(200);
    for (const label of ['Operator, Alibaba Group', 'Reviewer, Tencent', 'Reviewer, Ant Group', 'Administrator', 'Viewer']) {
      expect(text(page.text)).toContain(label);
    }
    expect(page.text).not.toMatch(/operator of alibaba|reviewer for tencent/);
  });

  it('has the UnionPay cashier name when QR mutual recognition began, from the record', async () => {
    putInState(world, 'eleme', 'unionpay-qr', 'live');
    const shopper = await shopperWithCart(world, 'eleme');
    await shopper.form('/shop/eleme/orders', { channel: 'app', wallet: 'unionpay-qr' }).expect(303);
    const order = world.db.prepare('SELECT id FROM orders').pluck().get() as string;
    const milestone = world.repos.milestones.all().find((m) => m.slug === 'qr-mutual-recognition')!;
    const cashier = await shopper.page(`/orders/${order}/pay`);
    const said = text(/<p class="muted" data-recognition>([\s\S]*?)<\/p>/.exec(cashier.text)![1]!);
    expect(said).toContain(`Alipay may scan this code, since ${formatRecordedDate(milestone.effectiveAt, milestone.datePrecision)}`);
    expect(cashier.text).not.toContain('not in effect in this scenario');
  });

  it('names a link that could not open by its shop, not by the app it was shared in', async () => {
    const page = await supertest(world.app).get('/shop/tmall?arrived=2&left=wechat&via=browser').expect(200);
    expect(text(page.text)).toContain('The Tmall link could not open inside WeChat');
    expect(page.text).not.toContain('The WeChat link');
  });

  it('has the home page speak of both sides of the wall', async () => {
    const home = await supertest(world.app).get('/').expect(200);
    const lead = text(/<hgroup>([\s\S]*?)<\/hgroup>/.exec(home.text)![1]!);
    expect(lead).toMatch(/Both sides of the wall/);
    expect(lead).toMatch(/Alibaba's apps/);
    expect(lead).toMatch(/JD, Pinduoduo and Vipshop/);
  });
});

describe('Try it, step 4: rules and buckets that show something', () => {
  it('after ali.ops adjusts Ele.me’s WeChat Pay to 50 % on App and Mini-program, desktop web says CHANNEL_UNSUPPORTED and some shoppers OUT_OF_ROLLOUT', async () => {
    const step = /^4\. ([\s\S]*?)\n5\. /m.exec(readFileSync('README.md', 'utf8'))![1]!;
    expect(step).toMatch(/ali\.ops[\s\S]*Adjust[\s\S]*50 %[\s\S]*CHANNEL_UNSUPPORTED[\s\S]*OUT_OF_ROLLOUT/);

    const ops = await signedInAs(world, 'ali.ops');
    // Two channels ticked: the field twice, as a browser sends it.
    const fields = `expectedVersion=${version('eleme', 'wechat-pay')}&rolloutPercent=50&channels=app&channels=mini_program&displayOrder=1`;
    await ops.agent.post('/console/integrations/eleme/wechat-pay/adjust').type('form').send(`_csrf=${ops.csrf}&${fields}`).expect(303);
    expect(events('eleme', 'wechat-pay').at(-1)).toMatchObject({ verb: 'adjust', rollout: 50, channels: 'app,mini_program' });

    const shopper = await shopperWithCart(world, 'eleme');
    const desktop = await shopper.page('/shop/eleme/checkout?channel=desktop_web');
    expect(desktop.text).toMatch(/data-wallet="wechat-pay"[^>]*>[\s\S]*?CHANNEL_UNSUPPORTED/);
    const reasons = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        supertest(world.app).get(`/api/storefronts/eleme/wallets?channel=app&shopper=s-${i}`).expect(200),
      ),
    );
    const wechat = reasons.map((r) => r.body.wallets.find((w: { wallet: string }) => w.wallet === 'wechat-pay').reason);
    expect(wechat).toContain('OUT_OF_ROLLOUT');
    expect(wechat).toContain('SHOWN');
  });
});

describe('the console says what is so', () => {
  it('shows no rollout for an integration nobody asked for', async () => {
    const viewer = await signedInAs(world, 'viewer');
    const page = await viewer.page('/console/integrations/eleme/unionpay-qr');
    expect(page.text).toContain('data-no-rules');
    expect(page.text).not.toContain('% of shoppers</dd>');
  });

  it('shows an adjust in the history and the timeline as old → new rules, not Live → Live', async () => {
    putInState(world, 'idle-fish', 'wechat-pay', 'live');
    const ops = await signedInAs(world, 'ali.ops');
    await ops
      .form('/console/integrations/idle-fish/wechat-pay/adjust', {
        expectedVersion: version('idle-fish', 'wechat-pay'),
        rolloutPercent: 40,
        channels: 'app',
        displayOrder: 1,
      })
      .expect(303);
    expect(events('idle-fish', 'wechat-pay').at(-1)).toMatchObject({ verb: 'adjust', rollout: 40, channels: 'app' });
    const page = await ops.page('/console/integrations/idle-fish/wechat-pay');
    const adjust = text(/<tr data-event-version="\d+"[^>]*>(?:(?!<\/tr>)[\s\S])*?adjust[\s\S]*?<\/tr>/.exec(page.text)![0]);
    expect(adjust).toContain('rollout 100 % → 40 %; channels every channel → App');
    expect(adjust).not.toContain('Live → Live');
    const timeline = await supertest(world.app).get('/review/timeline?storefront=idle-fish&verb=adjust').expect(200);
    expect(text(timeline.text)).toContain('Live: rollout 100 % → 40 %; channels every channel → App');
  });

  it('says where Approve would be why the person who made the request has no Approve form', async () => {
    transitionAs(world, 'admin', 'request', 'eleme', 'unionpay-qr');
    const admin = await signedInAs(world, 'admin');
    const own = await admin.page('/console/integrations/eleme/unionpay-qr');
    expect(text(own.text)).toContain('You made this request; another reviewer must approve it.');
    expect(own.text).not.toContain('data-verb="approve"');
    const reviewer = await signedInAs(world, 'unionpay.reviewer');
    const theirs = await reviewer.page('/console/integrations/eleme/unionpay-qr');
    expect(theirs.text).toContain('data-verb="approve"');
    expect(theirs.text).not.toContain('data-own-request');
  });

  it('words a fresh launch form’s impact for any rollout, and a sent-back one for the rollout typed', async () => {
    putInState(world, 'idle-fish', 'wechat-pay', 'approved');
    const ops = await signedInAs(world, 'ali.ops');
    const fresh = await ops.page('/console/integrations/idle-fish/wechat-pay');
    const impact = /<p class="impact" data-impact>([^<]*)<\/p>/.exec(fresh.text)![1]!;
    expect(impact).not.toMatch(/About \d+ %/);
    expect(impact).toContain('30 means about 30 %');
    const before = events('idle-fish', 'wechat-pay').length;
    const back = await ops
      .form('/console/integrations/idle-fish/wechat-pay/launch', {
        expectedVersion: version('idle-fish', 'wechat-pay'),
        rolloutPercent: 30,
        channels: 'app',
        minAmount: 'lots',
        displayOrder: 1,
      })
      .expect(400);
    expect(back.text).toContain('About 30 % of shoppers at Idle Fish will see WeChat Pay');
    expect(events('idle-fish', 'wechat-pay')).toHaveLength(before);
  });
});

describe('asOf on every page', () => {
  it('puts the home page where ?asOf= says, with its banner, and the crumbs keep the date', async () => {
    const past = await supertest(world.app).get('/?asOf=2021-08-01').expect(200);
    expect(past.text).toContain('As it stood on <strong>1 Aug 2021</strong>');
    const kaola = (html: string) =>
      text(/<article class="storefront-card">(?:(?!<\/article>)[\s\S])*?\/shop\/kaola[\s\S]*?<\/article>/.exec(html)![0]);
    expect(kaola(past.text)).not.toContain('WeChat Pay');
    expect(past.text).toContain('href="/shop/kaola?asOf=2021-08-01"');
    const today = await supertest(world.app).get('/').expect(200);
    expect(kaola(today.text)).toContain('WeChat Pay');

    const shop = await supertest(world.app).get('/shop/kaola?asOf=2021-08-01').expect(200);
    expect(shop.text).toMatch(/<nav aria-label="Breadcrumb"[^>]*><ul><li><a href="\/\?asOf=2021-08-01">Storefronts<\/a>/);
  });

  it.each(['/', '/shop/eleme', '/shop/eleme/cart', '/hosts/wechat', '/hosts/wechat/one_to_one'])(
    'shows %s as of today (400) with the Day form holding a bad date and its message',
    async (path) => {
      const res = await supertest(world.app).get(`${path}?asOf=2021-02-30`).expect(400);
      expect(res.text).toMatch(/<input id="asOf" name="asOf" type="text" value="2021-02-30"[^>]*aria-invalid="true"/);
      expect(res.text).toMatch(/<small id="asOf-error" class="field-error">a real date such as 2021-10-15/);
      expect(res.text).not.toContain('As it stood on');
    },
  );

  it('says so above the form when the host app is not one, the page still shown outside any (400)', async () => {
    const res = await supertest(world.app).get('/shop/eleme?host=nowhere&asOf=2021-08-01').expect(400);
    expect(res.text).toMatch(/data-host-error>The page was asked for inside an app that is not one of the host apps/);
    expect(res.text).toContain('As it stood on <strong>1 Aug 2021</strong>');
    expect(res.text).not.toContain('data-opened-in');
  });

  it('gives the checkout the same Day form', async () => {
    const shopper = await shopperWithCart(world, 'eleme');
    const res = await shopper.page('/shop/eleme/checkout?asOf=nope');
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/<input id="asOf" name="asOf" type="text" value="nope"/);
  });

  it("shows the chat's Day field at the day shown, today included", async () => {
    const today = await supertest(world.app).get('/hosts/wechat/one_to_one').expect(200);
    expect(today.text).toMatch(/<input id="asOf" name="asOf" type="date" min="2021-01-01" value="2026-11-22"/);
    const past = await supertest(world.app).get('/hosts/wechat/one_to_one?asOf=2021-10-15T08:00:00Z').expect(200);
    expect(past.text).toMatch(/<input id="asOf" name="asOf" type="date" min="2021-01-01" value="2021-10-15"/);
  });

  it('sends /shop/ELEME to /shop/eleme, query kept, and an unknown one on to the same 404', async () => {
    const res = await supertest(world.app).get('/shop/ELEME/cart?asOf=2021-08-01').expect(301);
    expect(res.headers.location).toBe('/shop/eleme/cart?asOf=2021-08-01');
    expect((await supertest(world.app).get('/shop/Eleme').expect(301)).headers.location).toBe('/shop/eleme');
    expect((await supertest(world.app).get('/shop/NOPE').expect(301)).headers.location).toBe('/shop/nope');
    await supertest(world.app).get('/shop/nope').expect(404);
  });
});

describe('the add-to-cart quantity', () => {
  it.each(['0', '100', '1.5', 'two'])('refuses %s with one sentence, the field showing what was typed', async (typed) => {
    const shopper = await browserAgent(world);
    await shopper.page('/shop/eleme');
    const product = world.db.prepare("SELECT id FROM products WHERE storefront_slug = 'eleme' ORDER BY id LIMIT 1").pluck().get() as number;
    const res = await shopper.form('/shop/eleme/cart', { productId: product, quantity: typed }).expect(400);
    expect(res.text).toMatch(new RegExp(`<input id="qty-${product}" type="number" name="quantity" value="${typed}"`));
    expect(res.text).toContain('class="field-error">a whole number from 1 to 99</small>');
    expect(count(world.db, 'cart_items')).toBe(0);
  });
});

describe('the docs of webhooks', () => {
  it('list every event type the server may send, by its full name', () => {
    const doc = readFileSync('docs/sandboxes-and-webhooks.md', 'utf8');
    for (const type of EVENT_TYPES) expect(doc, type).toContain(`\`${type}\``);
  });
});

describe('pages at phone width (the layout the stylesheet gives them; docs/screenshots show it)', () => {
  it('lists each sandbox as a card with its Delete inside it, and the host apps as cards without bullets', async () => {
    const own = newWorld({ scenario: 'record', now: '2026-11-22T09:00:00.000Z', sandboxes: {} });
    try {
      await supertest(own.app).post('/api/sandboxes').send({ scenario: 'record' }).expect(201);
      const admin = await signedInAs(own, 'admin');
      const list = await admin.page('/sandboxes');
      // The stylesheet makes the region's rows cards at phone width; Delete is the row's last cell.
      expect(list.text).toMatch(/<div class="table-scroll" tabindex="0" role="region" aria-label="Sandboxes">/);
      expect(list.text).toMatch(/<td>\s*<form method="post" action="\/sandboxes\/delete"[\s\S]*?Delete[\s\S]*?<\/form>\s*<\/td>\s*<\/tr>/);
    } finally {
      own.close();
    }
    const css = readFileSync('public/app.css', 'utf8');
    const phone = css.slice(css.indexOf('@media (max-width: 576px) {\n  table.stack thead'));
    expect(phone).toMatch(/\[aria-label="Sandboxes"\] tr \{\s*border: 1px solid/);
    expect(phone).toMatch(/\[aria-label="Sandboxes"\] td:nth-child\(5\)::before \{\s*content: "Idle until";/);
    expect(css).toMatch(/\.host-list \{\s*list-style: none;\s*padding: 0;/);
    expect(css).toMatch(/main :not\(pre\) > code \{\s*overflow-wrap: break-word;/);
    const hosts = await supertest(world.app).get('/hosts').expect(200);
    expect(hosts.text).toContain('<ul class="host-list" role="list">');
  });
});
