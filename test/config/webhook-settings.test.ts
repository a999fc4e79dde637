import { describe, expect, it } from 'vitest';
import { loadConfig, webhookSettings } from '../../src/config.ts';
import { DEFAULT_RETRY_SCHEDULE_MS } from '../../src/domain/webhook-schedule.ts';

describe('the webhook settings', () => {
  it('default to the Standard Webhooks schedule carried on to 11 attempts, ±10 %, one request in flight per endpoint', () => {
    expect(webhookSettings(loadConfig({}))).toEqual({
      retry: { schedule: DEFAULT_RETRY_SCHEDULE_MS, jitter: 0.1 },
      inFlightPerEndpoint: 1,
    });
  });
  it('take a schedule, a jitter and a bound, and refuse what they cannot read, naming the variable', () => {
    const config = loadConfig({ HUTONG_WEBHOOK_SCHEDULE: '1s,2m', HUTONG_WEBHOOK_JITTER: '0', HUTONG_WEBHOOK_IN_FLIGHT: '4' });
    expect(webhookSettings(config)).toEqual({ retry: { schedule: [1000, 120_000], jitter: 0 }, inFlightPerEndpoint: 4 });
    expect(() => loadConfig({ HUTONG_WEBHOOK_SCHEDULE: '5 minutes' })).toThrow(/HUTONG_WEBHOOK_SCHEDULE: comma-separated waits/);
    expect(() => loadConfig({ HUTONG_WEBHOOK_JITTER: '2' })).toThrow(/HUTONG_WEBHOOK_JITTER/);
    expect(() => loadConfig({ HUTONG_WEBHOOK_IN_FLIGHT: '0' })).toThrow(/HUTONG_WEBHOOK_IN_FLIGHT/);
  });
});
