import { afterEach, describe, expect, it } from 'vitest';
import { catalogChanged } from '../../src/db/catalog.ts';
import { newWorld, type TestWorld } from '../support/world.ts';

let world: TestWorld;
afterEach(() => world.close());

describe('the catalog, read through its row mappers', () => {
  it('finds a storefront and a wallet by slug, and names the one a row refers to', () => {
    world = newWorld();
    const { catalog } = world.repos;
    expect(catalog.storefront('taobao')).toMatchObject({ slug: 'taobao', groupSlug: 'alibaba', currency: 'CNY' });
    expect(catalog.wallet('wechat-pay')).toMatchObject({ slug: 'wechat-pay', name: 'WeChat Pay', providerSlug: 'tencent' });
    expect(catalog.storefrontOf('taobao')).toBe(catalog.storefront('taobao'));
    expect(catalog.walletOf('alipay')).toBe(catalog.wallets().find((w) => w.slug === 'alipay'));
  });

  it('answers undefined for an unknown slug, and refuses one a row should not have referred to', () => {
    world = newWorld();
    const { catalog } = world.repos;
    expect(catalog.storefront('nowhere')).toBeUndefined();
    expect(catalog.wallet('nowhere')).toBeUndefined();
    expect(() => catalog.storefrontOf('nowhere')).toThrow('The catalog has no storefront "nowhere"');
    expect(() => catalog.walletOf('nowhere')).toThrow('The catalog has no wallet "nowhere"');
  });

  it('refuses a corrupt row instead of handing on a value of the wrong type', () => {
    world = newWorld();
    world.db.pragma('ignore_check_constraints = ON');
    world.db.prepare("UPDATE wallets SET display_order = 'first' WHERE slug = 'alipay'").run();
    catalogChanged(world.db);
    expect(() => world.repos.catalog.wallets()).toThrow(/Column "displayOrder": expected an integer, found string first/);
  });
});
