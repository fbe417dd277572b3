import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { transformFileSync } from '@swc/core';
import { ConfigError, loadConfig, parsePayloadKeys } from './config';

const dirs: string[] = [];
const dataDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'naskah-config-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const b64 = () => randomBytes(32).toString('base64');
const BSRE = {
  SIGNING_PROVIDER: 'bsre',
  BSRE_BASE_URL: 'https://esign.example.go.id',
  BSRE_CLIENT_ID: 'naskah',
  BSRE_CLIENT_SECRET: 'rahasia-klien',
};
const PROD_SECRETS = { JWT_SECRET: randomBytes(32).toString('hex'), TEMPORAL_PAYLOAD_KEYS: `k1:${b64()}`, ...BSRE };

describe('loadConfig', () => {
  it('fills defaults for local development', () => {
    const cfg = loadConfig({ DATA_DIR: dataDir() });
    expect(cfg.DATABASE_URL).toBe('mysql://naskah:naskah-dev@127.0.0.1:3306/naskah');
    expect(cfg.PORT).toBe(3000);
    expect(Buffer.byteLength(cfg.JWT_SECRET)).toBeGreaterThanOrEqual(32);
    expect(cfg.TEMPORAL_PAYLOAD_KEYS).toHaveLength(1);
    expect(cfg.TEMPORAL_PAYLOAD_KEYS[0].key).toHaveLength(32);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ DATABASE_URL: 'postgres://x' }, 'DATABASE_URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
    [{ NODE_ENV: 'production', TEMPORAL_PAYLOAD_KEYS: PROD_SECRETS.TEMPORAL_PAYLOAD_KEYS }, 'JWT_SECRET'],
    [{ NODE_ENV: 'production', JWT_SECRET: PROD_SECRETS.JWT_SECRET }, 'TEMPORAL_PAYLOAD_KEYS'],
    [{ NODE_ENV: 'production', ...PROD_SECRETS, JWT_SECRET: 'x'.repeat(31) }, 'JWT_SECRET'],
    [{ TEMPORAL_PAYLOAD_KEYS: 'k1' }, 'TEMPORAL_PAYLOAD_KEYS'],
  ])('rejects %j naming %s', (env, name) => {
    const withDir = { DATA_DIR: dataDir(), ...env };
    expect(() => loadConfig(withDir)).toThrow(ConfigError);
    expect(() => loadConfig(withDir)).toThrow(name);
  });
});

describe('secrets: no fixed secret anywhere', () => {
  it('production refuses to start without JWT_SECRET and TEMPORAL_PAYLOAD_KEYS, naming both, and writes no file', () => {
    const dir = dataDir();
    expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: dir })).toThrow(
      /JWT_SECRET: required in production[\s\S]*TEMPORAL_PAYLOAD_KEYS: required in production/,
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('production takes them from the environment', () => {
    const cfg = loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir(), ...PROD_SECRETS });
    expect(cfg.JWT_SECRET).toBe(PROD_SECRETS.JWT_SECRET);
    expect(cfg.TEMPORAL_PAYLOAD_KEYS.map((k) => k.id)).toEqual(['k1']);
  });

  it('JWT_SECRET counts bytes, not characters', () => {
    expect(() => loadConfig({ DATA_DIR: dataDir(), JWT_SECRET: 'é'.repeat(15) })).toThrow(/JWT_SECRET: must be at least 32 bytes/);
    expect(loadConfig({ DATA_DIR: dataDir(), JWT_SECRET: 'é'.repeat(16) }).JWT_SECRET).toBe('é'.repeat(16));
  });

  it.each(['development', 'test'])('%s generates random secrets under DATA_DIR/secrets (0600) and reuses them', (NODE_ENV) => {
    const dir = dataDir();
    const first = loadConfig({ NODE_ENV, DATA_DIR: dir });
    const again = loadConfig({ NODE_ENV, DATA_DIR: dir });
    expect(again.JWT_SECRET).toBe(first.JWT_SECRET);
    expect(again.TEMPORAL_PAYLOAD_KEYS).toEqual(first.TEMPORAL_PAYLOAD_KEYS);
    for (const f of ['jwt-secret', 'temporal-payload-keys']) expect(statSync(join(dir, 'secrets', f)).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'secrets')).mode & 0o777).toBe(0o700);
    expect(readdirSync(join(dir, 'secrets')).sort()).toEqual(['jwt-secret', 'temporal-payload-keys']);
    const elsewhere = loadConfig({ NODE_ENV, DATA_DIR: dataDir() });
    expect(elsewhere.JWT_SECRET).not.toBe(first.JWT_SECRET);
    expect(elsewhere.TEMPORAL_PAYLOAD_KEYS[0].key.equals(first.TEMPORAL_PAYLOAD_KEYS[0].key)).toBe(false);
  });

  it('secrets set in the environment win over generated ones, and none is generated for them', () => {
    const dir = dataDir();
    const cfg = loadConfig({ DATA_DIR: dir, ...PROD_SECRETS });
    expect(cfg.JWT_SECRET).toBe(PROD_SECRETS.JWT_SECRET);
    expect(existsSync(join(dir, 'secrets'))).toBe(false);
  });

  it('processes starting together on a fresh DATA_DIR all end up with the same secrets', async () => {
    const dir = dataDir();
    const compiled = join(dataDir(), 'config.js');
    writeFileSync(
      compiled,
      transformFileSync(join(__dirname, 'config.ts'), { jsc: { parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }).code,
    );
    // Every process waits for the same instant, then loads the configuration.
    const at = Date.now() + 1500;
    const script = `const { loadConfig } = require(${JSON.stringify(compiled)});
      while (Date.now() < ${at});
      const c = loadConfig({ DATA_DIR: ${JSON.stringify(dir)} });
      process.stdout.write(c.JWT_SECRET + ' ' + c.TEMPORAL_PAYLOAD_KEYS[0].key.toString('base64'));`;
    const run = () =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, ['-e', script], {
          env: { ...process.env, NODE_PATH: join(__dirname, '..', '..', '..', 'node_modules') },
        });
        let out = '';
        let err = '';
        child.stdout.on('data', (b: Buffer) => (out += b));
        child.stderr.on('data', (b: Buffer) => (err += b));
        child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(err))));
      });
    const seen = await Promise.all(Array.from({ length: 6 }, run));
    expect(new Set(seen).size).toBe(1);
    expect(seen[0]).toBe(
      `${readFileSync(join(dir, 'secrets', 'jwt-secret'), 'utf8').trim()} ${parsePayloadKeys(readFileSync(join(dir, 'secrets', 'temporal-payload-keys'), 'utf8').trim()).keys[0].key.toString('base64')}`,
    );
    expect(readdirSync(join(dir, 'secrets')).sort()).toEqual(['jwt-secret', 'temporal-payload-keys']);
  });

  it('a corrupted generated key file is named in the error', () => {
    const dir = dataDir();
    loadConfig({ DATA_DIR: dir });
    writeFileSync(join(dir, 'secrets', 'temporal-payload-keys'), 'nonsense');
    expect(() => loadConfig({ DATA_DIR: dir })).toThrow(/TEMPORAL_PAYLOAD_KEYS \(generated in .*temporal-payload-keys\)/);
    expect(readFileSync(join(dir, 'secrets', 'temporal-payload-keys'), 'utf8')).toBe('nonsense');
  });
});

describe('TEMPORAL_PAYLOAD_KEYS', () => {
  it('reads id:base64 pairs in order, the first being the current key', () => {
    const [a, b] = [randomBytes(32), randomBytes(32)];
    const { keys, issues } = parsePayloadKeys(` 2026-02:${a.toString('base64')} , 2025-11:${b.toString('base64')}`);
    expect(issues).toEqual([]);
    expect(keys.map((k) => k.id)).toEqual(['2026-02', '2025-11']);
    expect(keys[0].key.equals(a) && keys[1].key.equals(b)).toBe(true);
  });

  it.each([
    ['a 16-byte key', `k1:${randomBytes(16).toString('base64')}`, /32 bytes/],
    ['a 33-byte key', `k1:${randomBytes(33).toString('base64')}`, /32 bytes/],
    ['hex instead of base64', `k1:${randomBytes(32).toString('hex')}`, /32 bytes/],
    ['no id', b64(), /id:base64key/],
    ['an empty id', `:${b64()}`, /id:base64key/],
    ['an id with spaces', `my key:${b64()}`, /id:base64key/],
    ['a repeated id', `k1:${b64()},k1:${b64()}`, /given twice/],
    ['an empty entry', `k1:${b64()},`, /entry 2/],
  ])('refuses %s', (_name, text, message) => {
    expect(parsePayloadKeys(text).issues.join('\n')).toMatch(message);
    expect(() => loadConfig({ DATA_DIR: dataDir(), TEMPORAL_PAYLOAD_KEYS: text })).toThrow(/TEMPORAL_PAYLOAD_KEYS/);
  });

  it('never shows a key in its messages', () => {
    const secret = randomBytes(16).toString('base64');
    expect(parsePayloadKeys(`k1:${secret}`).issues.join('\n')).not.toContain(secret);
  });

  describe('signing providers (personal TTE)', () => {
    it('local-ca by default in development, per organisation where configured', () => {
      const cfg = loadConfig({
        DATA_DIR: dataDir(),
        SIGNING_PROVIDER_BY_ORG: 'BATAM-DKUM=bsre, CILEGON-DKUKM=local-ca',
        ...BSRE,
        SIGNING_PROVIDER: 'local-ca',
      });
      expect(cfg.SIGNING_PROVIDER).toBe('local-ca');
      expect(cfg.SIGNING_PROVIDER_BY_ORG).toEqual({ 'BATAM-DKUM': 'bsre', 'CILEGON-DKUKM': 'local-ca' });
    });

    it.each([
      [{ SIGNING_PROVIDER_BY_ORG: 'BATAM-DKUM=hsm' }, /"BATAM-DKUM=hsm" must be ORG-CODE=local-ca or ORG-CODE=bsre/],
      [{ SIGNING_PROVIDER: 'bsre' }, /BSRE_BASE_URL: required when a signing provider is bsre[\s\S]*BSRE_CLIENT_SECRET/],
      [{ SIGNING_PROVIDER_BY_ORG: 'X=bsre', BSRE_BASE_URL: 'https://esign.example.go.id' }, /BSRE_CLIENT_ID: required/],
      [{ SIGNING_PROVIDER: 'pkcs11' }, /SIGNING_PROVIDER/],
    ])('refuses %j', (env, message) => {
      expect(() => loadConfig({ DATA_DIR: dataDir(), ...env })).toThrow(message);
    });

    it('production signs with BSrE only: the local CA is refused', () => {
      expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir(), ...PROD_SECRETS, SIGNING_PROVIDER: 'local-ca' })).toThrow(
        /local-ca is for development and tests/,
      );
      expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir(), ...PROD_SECRETS, SIGNING_PROVIDER_BY_ORG: 'X=local-ca' })).toThrow(
        /local-ca is for development and tests/,
      );
    });
  });
});

describe('the archive store', () => {
  const S3 = {
    ARCHIVE_STORE: 's3',
    S3_ENDPOINT: 'http://minio.internal:9000',
    S3_BUCKET: 'naskah-arsip',
    S3_ACCESS_KEY_ID: 'naskah',
    S3_SECRET_ACCESS_KEY: 'kunci-rahasia-s3-yang-panjang',
  };

  it('is the filesystem unless ARCHIVE_STORE=s3', () => {
    expect(loadConfig({ DATA_DIR: dataDir() }).ARCHIVE_STORE).toBe('filesystem');
    const cfg = loadConfig({ DATA_DIR: dataDir(), ...S3, S3_FORCE_PATH_STYLE: 'false' });
    expect(cfg).toMatchObject({ ARCHIVE_STORE: 's3', S3_REGION: 'us-east-1', S3_BUCKET: 'naskah-arsip', S3_FORCE_PATH_STYLE: false });
  });

  it('s3 names each missing variable, and never shows the secret key', () => {
    expect(() => loadConfig({ DATA_DIR: dataDir(), ARCHIVE_STORE: 's3' })).toThrow(
      /S3_BUCKET: required when ARCHIVE_STORE is s3[\s\S]*S3_ACCESS_KEY_ID: required[\s\S]*S3_SECRET_ACCESS_KEY: required/,
    );
    for (const [env, name] of [
      [{ ARCHIVE_STORE: 'object-storage' }, 'ARCHIVE_STORE'],
      [{ S3_ENDPOINT: 'minio:9000' }, 'S3_ENDPOINT'],
      [{ S3_ENDPOINT: 'ftp://minio:9000' }, 'S3_ENDPOINT'],
      [{ S3_BUCKET: 'Naskah_Arsip' }, 'S3_BUCKET'],
      [{ S3_FORCE_PATH_STYLE: 'yes' }, 'S3_FORCE_PATH_STYLE'],
    ] as const) {
      const run = () => loadConfig({ DATA_DIR: dataDir(), ...S3, ...env });
      expect(run).toThrow(ConfigError);
      expect(run).toThrow(name);
      expect(run).not.toThrow(S3.S3_SECRET_ACCESS_KEY);
    }
  });
});
