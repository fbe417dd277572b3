import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config';

describe('TRUST_PROXY and the login limits', () => {
  const dir = mkdtempSync(join(tmpdir(), 'naskah-trust-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const load = (env: Record<string, string>) => loadConfig({ DATA_DIR: dir, ...env });

  it('trusts no proxy unless told, and locks a NIP after 5 failures for 15 minutes', () => {
    const cfg = load({});
    expect(cfg.TRUST_PROXY).toBe(false);
    expect([cfg.LOGIN_ACCOUNT_MAX_FAILURES, cfg.LOGIN_ACCOUNT_WINDOW_SECONDS, cfg.LOGIN_ACCOUNT_LOCK_SECONDS]).toEqual([5, 900, 900]);
    expect(load({ TRUST_PROXY: '' }).TRUST_PROXY).toBe(false);
    expect(load({ TRUST_PROXY: '0' }).TRUST_PROXY).toBe(false);
  });

  it.each([
    ['1', 1],
    ['2', 2],
    ['10.0.0.5', ['10.0.0.5']],
    [' 10.0.0.0/8 , 192.168.1.1 ', ['10.0.0.0/8', '192.168.1.1']],
    ['loopback,fd00::/8', ['loopback', 'fd00::/8']],
    ['::1', ['::1']],
  ])('accepts %j', (value, expected) => {
    expect(load({ TRUST_PROXY: value }).TRUST_PROXY).toEqual(expected);
  });

  it.each(['true', '*', 'proxy.example.go.id', '10.0.0.0/33', '::1/129', '10.0.0.1/8/1', '10.0.0.1,,nope', '-1'])(
    'refuses %j naming TRUST_PROXY',
    (value) => {
      expect(() => load({ TRUST_PROXY: value })).toThrow(ConfigError);
      expect(() => load({ TRUST_PROXY: value })).toThrow(/TRUST_PROXY/);
    },
  );

  it.each(['LOGIN_ACCOUNT_MAX_FAILURES', 'LOGIN_ACCOUNT_WINDOW_SECONDS', 'LOGIN_ACCOUNT_LOCK_SECONDS'])(
    'refuses a %s that is not a positive whole number',
    (name) => {
      expect(() => load({ [name]: '0' })).toThrow(new RegExp(name));
      expect(() => load({ [name]: 'lima' })).toThrow(new RegExp(name));
    },
  );
});
