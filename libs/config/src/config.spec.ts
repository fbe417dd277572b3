import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('fills defaults for local development', () => {
    const cfg = loadConfig({});
    expect(cfg.DATABASE_URL).toBe('mysql://naskah:naskah-dev@127.0.0.1:3306/naskah');
    expect(cfg.PORT).toBe(3000);
    expect(cfg.JWT_SECRET.length).toBeGreaterThanOrEqual(32);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ DATABASE_URL: 'postgres://x' }, 'DATABASE_URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
    [{ NODE_ENV: 'production' }, 'JWT_SECRET'],
  ])('rejects %j naming %s', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(name);
  });
});
