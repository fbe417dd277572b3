import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { Response } from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { createApiApp } from '@naskah/api';
import { AppConfig, loadConfig } from '@naskah/config';
import { DEMO_PASSWORD } from '@naskah/seed';

export interface TestApi {
  app: INestApplication;
  http: TestAgent;
  cfg: AppConfig;
  /** Logs in; unless `tte: false`, the official's TTE is activated first time (local CA) with TEST_TTE_PASSPHRASE. */
  login(nip: string, password?: string, opts?: { tte?: boolean }): Promise<string>;
  as(token: string): {
    get(path: string): request.Test;
    post(path: string, body?: object): request.Test;
    put(path: string, body?: object): request.Test;
    delete(path: string): request.Test;
  };
  close(): Promise<void>;
}

/** The passphrase every official's test TTE is activated with (never a real one). */
export const TEST_TTE_PASSPHRASE = 'passphrase-uji-tte';

/** What a sign action adds to its body (the passphrase); nothing for other actions. */
export const signing = (action: string): { passphrase?: string } => (action === 'sign' ? { passphrase: TEST_TTE_PASSPHRASE } : {});

/** Aktivasi TTE with the local CA, once per official: an official who signs in a test signs with a certificate of their own. */
async function activateTte(http: TestAgent, token: string): Promise<void> {
  const auth = { Authorization: `Bearer ${token}` };
  const status = await http.get('/api/v1/tte').set(auth);
  if (status.status === 200 && status.body.state === 'active') return;
  const res = await http
    .post('/api/v1/tte/activation')
    .set(auth)
    .send({ passphrase: TEST_TTE_PASSPHRASE, passphraseConfirmation: TEST_TTE_PASSPHRASE });
  if (res.status !== 200) throw new Error(`TTE activation failed: ${res.status} ${JSON.stringify(res.body)}`);
}

/** The real HTTP application on a loopback port, against the run's MariaDB and Temporal. */
export async function startApi(overrides: Record<string, string> = {}): Promise<TestApi> {
  const cfg = loadConfig({ ...process.env, ...overrides });
  const app = await createApiApp(cfg);
  await app.listen(0, '127.0.0.1');
  // The letter's QR link points at this API (the sign request renders it), unless the test says where.
  if (!overrides.PUBLIC_BASE_URL && !process.env.PUBLIC_BASE_URL) cfg.PUBLIC_BASE_URL = await app.getUrl();
  const http = request.agent(app.getHttpServer());
  const login = async (nip: string, password = DEMO_PASSWORD, opts: { tte?: boolean } = {}) => {
    const res = await http.post('/api/v1/auth/login').send({ nip, password });
    if (res.status !== 200) throw new Error(`login ${nip} failed: ${res.status} ${JSON.stringify(res.body)}`);
    const token = res.body.accessToken as string;
    if (opts.tte !== false && cfg.SIGNING_PROVIDER === 'local-ca') await activateTte(http, token);
    return token;
  };
  const as = (token: string) => {
    const auth = { Authorization: `Bearer ${token}` };
    return {
      get: (p: string) => http.get(p).set(auth),
      post: (p: string, body?: object) =>
        http
          .post(p)
          .set(auth)
          .send(body ?? {}),
      put: (p: string, body?: object) =>
        http
          .put(p)
          .set(auth)
          .send(body ?? {}),
      delete: (p: string) => http.delete(p).set(auth),
    };
  };
  return { app, http, cfg, login, as, close: () => app.close() };
}

/**
 * The response, when its status is one of those expected; otherwise fails naming the request and
 * showing what the API answered (supertest's own `.expect(status)` shows neither).
 */
export function expectStatus<R extends Response>(res: R, ...expected: [number, ...number[]]): R {
  if (!expected.includes(res.status)) {
    const { method, url } = res.request;
    const body: unknown = res.body;
    const shown = res.text ?? (Buffer.isBuffer(body) ? body.toString('utf8', 0, 2000) : JSON.stringify(body));
    throw new Error(`${method} ${new URL(url).pathname}: expected ${expected.join(' or ')}, got ${res.status} ${shown}`);
  }
  return res;
}

/** Polls until the check passes or the deadline passes; never a fixed sleep (STYLE §10). */
export async function expectEventually<T>(check: () => Promise<T>, timeoutMs = 20_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      last = e;
      if (Date.now() > deadline) throw last;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
}

/**
 * Agents for seeded officials by position code, each logged in once per test file. `api` is read at
 * call time: the stack starts in beforeAll.
 */
export function officialAgents(api: () => TestApi) {
  const tokens = new Map<string, string>();
  return async function as(org: { code: string; officials: Record<string, { nip: string }> }, code: string) {
    const key = `${org.code}/${code}`;
    if (!tokens.has(key)) tokens.set(key, await api().login(org.officials[code].nip));
    return api().as(tokens.get(key)!);
  };
}

/** A request whose answer is read as bytes (the signed PDF): `res.body` is a Buffer. */
export function asBinary(req: request.Test): request.Test {
  return req.buffer(true).parse((res, cb) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  });
}
