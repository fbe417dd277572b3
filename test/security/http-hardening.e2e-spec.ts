import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import type { Response } from 'supertest';
import { WEB_DIST_DIR } from '@naskah/api';
import { DocumentEntity } from '@naskah/persistence';
import { SeededOrganization } from '@naskah/seed';
import { expectEventually, expectStatus, startApi, TestApi } from '../support/api';
import { closeTestDataSource, createTestOrganization, testDataSource } from '../support/fixtures';
import { portOf, rawRequest, RawResponse } from '../support/raw-http';

/**
 * Issue 12: what every response says about itself (CSP, framing, sniffing, referrer, caching),
 * request bodies refused in words and never with a 5xx, a document body limit that agrees with the
 * DTO, and the public verification upload limited per address and at once.
 */

let org: SeededOrganization;
const apis: TestApi[] = [];
const start = async (overrides: Record<string, string> = {}) => {
  const api = await startApi(overrides);
  apis.push(api);
  return api;
};
let api: TestApi;
let clerk: string;

beforeAll(async () => {
  [org, api] = await Promise.all([createTestOrganization('batam-dkum.yaml'), start()]);
  clerk = await api.login(org.officials['UMPEG-ARSIP'].nip);
}, 60_000);
afterAll(async () => {
  await Promise.all(apis.map((a) => a.close()));
  await closeTestDataSource();
});

const directives = (res: { headers: Record<string, unknown> }): Record<string, string[]> =>
  Object.fromEntries(
    String(res.headers['content-security-policy'] ?? '')
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...values]) => [name, values]),
  );

function expectSecurityHeaders(res: { headers: Record<string, unknown> }): Record<string, string[]> {
  const csp = directives(res);
  expect(csp).toMatchObject({
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'frame-ancestors': ["'none'"],
  });
  expect(csp['style-src']).not.toContain("'unsafe-inline'");
  expect(String(res.headers['content-security-policy'])).not.toMatch(/unsafe-eval|\*/);
  expect(res.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'x-frame-options': 'DENY' });
  return csp;
}

const document = (over: Record<string, unknown> = {}) => ({
  kindCode: 'NOTA_DINAS',
  subject: `Uji batas isian ${randomBytes(3).toString('hex')}`,
  body: '<p>Isi naskah uji.</p>',
  classification: 'biasa',
  urgency: 'biasa',
  recipients: [{ unitId: org.units.SEKRETARIAT }],
  ...over,
});

describe('security headers on the app, the API, the PDFs and the verification page', () => {
  it('the web app: no inline script or style in its page, the strict policy, hashed assets cached for a year', async () => {
    expect(WEB_DIST_DIR).toBeDefined(); // npm test builds dist/web first
    const page = expectStatus(await api.http.get('/'), 200);
    expectSecurityHeaders(page);
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.text).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>|<style|\sstyle=|\son[a-z]+=/i);
    const asset = page.text.match(/src="(\/assets\/[^"]+\.js)"/)![1];
    const js = expectStatus(await api.http.get(asset), 200);
    expect(js.headers).toMatchObject({ 'cache-control': 'public, max-age=31536000, immutable', 'x-content-type-options': 'nosniff' });
  });

  it('the API: every answer, errors included, is not to be stored', async () => {
    for (const res of [
      expectStatus(await api.as(clerk).get('/api/v1/me'), 200),
      expectStatus(await api.http.get('/api/v1/me'), 401),
      expectStatus(await api.http.post('/api/v1/auth/login').send({ nip: 'x' }), 400),
    ]) {
      expectSecurityHeaders(res);
      expect(res.headers['cache-control']).toBe('no-store');
    }
  });

  it('a document and its PDF route: no-store and the same policy', async () => {
    const draft = expectStatus(await api.as(clerk).post('/api/v1/documents', document()), 201).body;
    const json = expectStatus(await api.as(clerk).get(`/api/v1/documents/${draft.id}`), 200);
    const pdf = expectStatus(await api.as(clerk).get(`/api/v1/documents/${draft.id}/pdf`), 404);
    for (const res of [json, pdf]) {
      expectSecurityHeaders(res);
      expect(res.headers['cache-control']).toBe('no-store');
    }
  });

  it('the verification page: its one stylesheet is allowed by its hash, nothing inline otherwise', async () => {
    const page = expectStatus(await api.http.get('/api/v1/verify/ABCDEFGHJKLMNPQR').set('Accept', 'text/html'), 404);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    const csp = expectSecurityHeaders(page);
    const style = page.text.match(/<style>([^<]*)<\/style>/)![1];
    expect(csp['style-src']).toContain(`'sha256-${createHash('sha256').update(style).digest('base64')}'`);
    expect(page.text).not.toMatch(/<script|\sstyle=/i);
    expect(page.headers['cache-control']).toBe('no-store');
  });

  it('the OpenAPI page alone may use inline styles (Swagger UI); its scripts are still files', async () => {
    const docs = expectStatus(await api.http.get('/api/docs'), 200);
    const csp = directives(docs);
    expect(csp).toMatchObject({ 'script-src': ["'self'"], 'frame-ancestors': ["'none'"], 'style-src': ["'self'", "'unsafe-inline'"] });
  });

  it('source maps: served in development and tests, not in production', async () => {
    const map = readdirSync(join(WEB_DIST_DIR!, 'assets')).find((f) => f.endsWith('.js.map'))!;
    expect(map).toBeDefined();
    expectStatus(await api.http.get(`/assets/${map}`), 200);
    const production = await start({
      NODE_ENV: 'production',
      JWT_SECRET: randomBytes(32).toString('hex'),
      TEMPORAL_PAYLOAD_KEYS: `k1:${randomBytes(32).toString('base64')}`,
      SIGNING_PROVIDER: 'bsre',
      BSRE_BASE_URL: 'https://esign.example.go.id',
      BSRE_CLIENT_ID: 'naskah',
      BSRE_CLIENT_SECRET: 'rahasia-klien',
    });
    expectStatus(await production.http.get(`/assets/${map}`), 404);
    expectStatus(await production.http.get(`/assets/${map.replace(/\.map$/, '')}`), 200);
  });
});

describe('request bodies: refused in words, never a 5xx', () => {
  const login = () => api.http.post('/api/v1/auth/login');
  const refused = (res: Response, status: number, message: RegExp) => {
    expectStatus(res, status);
    expect(res.body.message).toMatch(message);
  };

  it.each([
    ['charset=latin1', 'application/json; charset=latin1', /UTF-8/],
    ['an unknown charset', 'application/json; charset=utf-99', /UTF-8/],
    ['urlencoded', 'application/x-www-form-urlencoded', /application\/json/],
    ['text/plain', 'text/plain', /application\/json/],
  ])('%s on the public login is 415', async (_, type, message) => {
    refused(await login().set('Content-Type', type).send('{"nip":"197203141998031004","password":"x"}'), 415, message);
  });

  it('urlencoded with 1,001 fields, or nested 40 deep, is 415 (no form parser at all)', async () => {
    const fields = Array.from({ length: 1001 }, (_, i) => `f${i}=${i}`).join('&');
    refused(await login().type('form').send(fields), 415, /application\/json/);
    refused(
      await login()
        .type('form')
        .send(`nip${'[a]'.repeat(40)}=1`),
      415,
      /application\/json/,
    );
  });

  it.each(['gzip', 'deflate', 'br', 'x-unknown'])('Content-Encoding %s (on plain bytes) is 415', async (encoding) => {
    refused(await login().set('Content-Type', 'application/json').set('Content-Encoding', encoding).send('{"nip":"1"}'), 415, /Content-Encoding/);
  });

  it('JSON nested 5,000 deep is a 400 before validation', async () => {
    const res = await api.http
      .post('/api/v1/documents')
      .set('Authorization', `Bearer ${clerk}`)
      .set('Content-Type', 'application/json')
      .send(`{"recipients":${'['.repeat(5000)}${']'.repeat(5000)}}`);
    expectStatus(res, 400);
    expect(res.body.errors).toEqual([{ field: expect.stringMatching(/^recipients/), reasons: [expect.stringMatching(/bersarang terlalu dalam/)] }]);
  });

  it('a lone surrogate in any text field, or a field name, is a 400 naming it, and nothing is stored', async () => {
    const ds = await testDataSource();
    const before = await ds.getRepository(DocumentEntity).countBy({ organizationId: org.id });
    const cases: Array<[Record<string, unknown>, string]> = [
      [document({ recipients: [{ name: 'ab\udc00' }] }), 'recipients.0.name'],
      [document({ subject: 'Undangan \ud800 rapat' }), 'subject'],
      [document({ body: '<p>isi \udfff</p>' }), 'body'],
      [document({ tembusan: [{ name: 'Kepala', address: 'x\ud83d' }] }), 'tembusan.0.address'],
      [{ ...document(), 'x\udc00': 1 }, 'x\ufffd'],
    ];
    for (const [body, field] of cases) {
      const res = expectStatus(await api.as(clerk).post('/api/v1/documents', body), 400);
      expect(res.body).toMatchObject({ code: 'INVALID_INPUT', errors: [{ field, reasons: [expect.stringMatching(/Unicode yang tidak utuh/)] }] });
    }
    expect(await ds.getRepository(DocumentEntity).countBy({ organizationId: org.id })).toBe(before);
  });

  it('a body that is not an object is a 400', async () => {
    for (const body of ['[]', '[{"nip":"1"}]']) {
      const res = expectStatus(await login().set('Content-Type', 'application/json').send(body), 400);
      expect(res.body.errors).toEqual([{ field: 'body', reasons: ['isian harus berupa objek JSON'] }]);
    }
  });
});

describe('the document body limit agrees with the DTO (200,000 characters)', () => {
  // "€" is 3 bytes in UTF-8 and prints on the letter: the largest document that is valid all the way through.
  const pad = (prefix: string, length: number) => prefix + '€'.repeat(length - prefix.length);
  const addressees = (kind: string) => Array.from({ length: 100 }, (_, i) => ({ name: pad(`${kind} ${i} `, 300), address: pad(`Jalan ${i} `, 300) }));
  const largest = (bodyLength: number) =>
    document({
      subject: pad('Hal ', 500),
      body: `<p>${'€'.repeat(bodyLength - 7)}</p>`,
      recipients: addressees('Penerima'),
      tembusan: addressees('Tembusan'),
    });

  it('the largest valid document is accepted; one character more is the DTO refusing it (400), not the body limit', async () => {
    const body = largest(200_000);
    expect(Buffer.byteLength(JSON.stringify(body))).toBeGreaterThan(950_000);
    const created = expectStatus(await api.as(clerk).post('/api/v1/documents', body), 201).body;
    expect(created.currentVersion.body).toHaveLength(200_000);
    const over = expectStatus(await api.as(clerk).post('/api/v1/documents', largest(200_001)), 400);
    expect(over.body.errors).toEqual([{ field: 'body', reasons: ['isi naskah terlalu panjang'] }]);
  });

  it('whatever the DTO accepts reaches it: its widest JSON (6 bytes a character) is answered by the rules, not 413', async () => {
    const wide = '\u0001'.repeat(300);
    const addressees = Array.from({ length: 100 }, () => ({ name: wide, address: wide }));
    const body = document({ body: '\u0001'.repeat(200_000), recipients: addressees, tembusan: addressees });
    expect(Buffer.byteLength(JSON.stringify(body))).toBeGreaterThan(1_900_000);
    const res = expectStatus(await api.as(clerk).post('/api/v1/documents', body), 400);
    expect(res.body.field ?? res.body.errors?.[0]?.field).toMatch(/^(body|recipients|tembusan)/);
  });

  it('a body over 2 MB is 413 in words; other routes keep 100 KB', async () => {
    const big = expectStatus(await api.as(clerk).post('/api/v1/documents', document({ body: 'x'.repeat(2 * 1024 * 1024) })), 413);
    expect(big.body).toEqual({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE', message: 'Isian terlalu besar (paling besar 2 MB)' });
    const login = expectStatus(await api.http.post('/api/v1/auth/login').send({ nip: '1', password: 'x'.repeat(150 * 1024) }), 413);
    expect(login.body.message).toBe('Isian terlalu besar (paling besar 100 KB)');
  });
});

describe('the public verification upload', () => {
  const upload = (a: TestApi, body = '%PDF-1.4 bukan naskah kita') =>
    rawRequest(portOf(a), { method: 'POST', path: '/api/v1/verify', headers: { 'Content-Type': 'application/pdf' }, body });

  it('the N+1st upload from one address within the window is 429 with Retry-After, whatever X-Forwarded-For says', async () => {
    const limited = await start({ VERIFY_THROTTLE_LIMIT: '3', VERIFY_THROTTLE_TTL_SECONDS: '600' });
    for (let i = 0; i < 3; i++) {
      const ok = await upload(limited);
      expect(ok.status).toBe(200);
      expect(JSON.parse(ok.text)).toMatchObject({ match: false });
    }
    const res = expectStatus(
      await limited.http.post('/api/v1/verify').set('X-Forwarded-For', '203.0.113.7').attach('file', Buffer.from('%PDF-1.4'), 'a.pdf'),
      429,
    );
    expect(res.body).toEqual({
      statusCode: 429,
      code: 'TOO_MANY_REQUESTS',
      message: expect.stringMatching(/^Terlalu banyak unggahan dari alamat ini/),
    });
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(500);
    expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(600);
    // Verifying by code is not an upload, and stays open.
    expectStatus(await limited.http.get('/api/v1/verify/ABCDEFGHJKLMNPQR'), 404);
  });

  it('at most VERIFY_MAX_CONCURRENT uploads at once; the place frees when one ends', async () => {
    const one = await start({ VERIFY_MAX_CONCURRENT: '1' });
    // A slow client: the first bytes now, the rest later.
    const slow = http.request({
      host: '127.0.0.1',
      port: portOf(one),
      method: 'POST',
      path: '/api/v1/verify',
      headers: { 'Content-Type': 'application/pdf' },
      agent: false,
    });
    const answered = new Promise<RawResponse>((resolve, reject) => {
      slow.on('response', (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      });
      slow.on('error', reject);
    });
    slow.write('%PDF-1.4 ');
    const busy = await expectEventually(async () => {
      const res = await upload(one);
      expect(res.status).toBe(429);
      return res;
    });
    expect(JSON.parse(busy.text).message).toMatch(/sedang diperiksa/);
    expect(Number(busy.headers['retry-after'])).toBeGreaterThan(0);
    slow.end('dan sisanya');
    expect((await answered).status).toBe(200);
    expect((await upload(one)).status).toBe(200);
  });

  it('over 25 MB is 413: as a form part, and as a body that says its length (refused before it is sent)', async () => {
    const part = expectStatus(await api.http.post('/api/v1/verify').attach('file', Buffer.alloc(25 * 1024 * 1024 + 1, 0x25), 'a.pdf'), 413);
    expect(part.body.code).toBe('PAYLOAD_TOO_LARGE');
    const said = await new Promise<RawResponse>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: portOf(api), method: 'POST', path: '/api/v1/verify', agent: false }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text });
          req.destroy();
        });
      });
      req.setHeader('Content-Type', 'application/pdf');
      req.setHeader('Content-Length', String(26 * 1024 * 1024));
      req.on('error', reject);
      req.write('%PDF-1.4 ');
    });
    expect(said.status).toBe(413);
    expect(JSON.parse(said.text)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: 'Berkas terlalu besar (paling besar 25 MB)' });
  });

  it('hashes a PDF as it streams: a chunked upload is checked like a whole one', async () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(3 * 1024 * 1024)]);
    const res = await rawRequest(portOf(api), {
      method: 'POST',
      path: '/api/v1/verify',
      headers: { 'Content-Type': 'application/pdf' },
      body: pdf,
      chunked: true,
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toMatchObject({ match: false, letter: null });
    const notPdf = await rawRequest(portOf(api), {
      method: 'POST',
      path: '/api/v1/verify',
      headers: { 'Content-Type': 'application/pdf' },
      body: readFileSync(__filename),
      chunked: true,
    });
    expect(notPdf.status).toBe(400);
    expect(JSON.parse(notPdf.text)).toMatchObject({ code: 'INVALID_INPUT', message: 'Berkas bukan PDF', field: 'file' });
  });
});
