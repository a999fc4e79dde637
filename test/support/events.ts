import { DEFAULT_RULES, type IntegrationEvent, type IntegrationState, type Rules, type Wallet } from '../../src/domain/model.ts';

let nextId = 1;

/** An integration event with sensible defaults; override what the test is about. */
export function anEvent(overrides: Partial<IntegrationEvent> & { toState: IntegrationState }): IntegrationEvent {
  const id = overrides.id ?? nextId++;
  return {
    id,
    integrationId: 1,
    version: id,
    verb: 'launch',
    fromState: 'approved',
    actor: 'ali.ops',
    actorRole: 'operator',
    reason: '',
    effectiveAt: '2021-01-01T00:00:00.000Z',
    status: 'active',
    cancelledAt: null,
    rules: DEFAULT_RULES,
    sourceFile: null,
    datePrecision: 'exact',
    dateNote: '',
    ...overrides,
    // Unless the test says otherwise, an event is recorded when it takes effect.
    ...{ recordedAt: overrides.recordedAt ?? overrides.effectiveAt ?? '2021-01-01T00:00:00.000Z' },
  };
}

export function rules(overrides: Partial<Rules> = {}): Rules {
  return { ...DEFAULT_RULES, ...overrides };
}

export const WALLETS: Wallet[] = [
  { slug: 'alipay', name: 'Alipay', providerSlug: 'ant-group', providerName: 'Ant Group', displayOrder: 1 },
  { slug: 'wechat-pay', name: 'WeChat Pay', providerSlug: 'tencent', providerName: 'Tencent', displayOrder: 2 },
  { slug: 'unionpay-qr', name: 'UnionPay QR', providerSlug: 'unionpay', providerName: 'UnionPay', displayOrder: 3 },
];
