import { describe, expect, it } from 'vitest';
import { isLoopbackHost, loadConfig, refusalToStart } from '../../src/config.ts';

describe('the server listens where only this machine can reach it unless told otherwise', () => {
  it('listens on 127.0.0.1 by default, and the defaults start', () => {
    const config = loadConfig({});
    expect(config.HOST).toBe('127.0.0.1');
    expect(refusalToStart(config)).toBeNull();
  });

  it('knows loopback addresses from the rest', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', 'LOCALHOST', '::ffff:127.0.0.1']) {
      expect(isLoopbackHost(host), host).toBe(true);
    }
    for (const host of ['0.0.0.0', '::', '192.168.1.10', '10.0.0.1', 'example.com', '128.0.0.1', '127.example.com', '::ffff:10.0.0.1']) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
  });

  it('refuses to start with the demo personas (a public password) on an address other machines reach', () => {
    const refusal = refusalToStart(loadConfig({ HOST: '0.0.0.0' }));
    expect(refusal).toContain('HOST=0.0.0.0');
    expect(refusal).toContain('HUTONG_DEMO_PUBLIC=1');
    expect(refusal).toContain('HUTONG_DEMO=0');
    expect(refusal).not.toContain('\n');
    expect(refusalToStart(loadConfig({ HOST: '::' }))).not.toBeNull();
  });

  it('starts when the public demo is meant, when the demo is off, or on loopback', () => {
    expect(refusalToStart(loadConfig({ HOST: '0.0.0.0', HUTONG_DEMO_PUBLIC: '1' }))).toBeNull();
    expect(refusalToStart(loadConfig({ HOST: '0.0.0.0', HUTONG_DEMO: '0' }))).toBeNull();
    expect(refusalToStart(loadConfig({ HOST: '::1' }))).toBeNull();
  });

  it('reads HUTONG_DEMO_PUBLIC as 0 or 1 only', () => {
    expect(() => loadConfig({ HUTONG_DEMO_PUBLIC: 'yes' })).toThrow(/HUTONG_DEMO_PUBLIC/);
  });
});
