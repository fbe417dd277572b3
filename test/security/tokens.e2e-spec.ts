import { createHmac } from 'node:crypto';
import type { Response } from 'supertest';
import { OfficialEntity } from '@naskah/persistence';
import { SeededOrganization } from '@naskah/seed';
import { expectEventually, startApi, TestApi } from '../support/api';
import { closeTestDataSource, createTestOrganization, testDataSource } from '../support/fixtures';

/** The secret that used to be printed in libs/config: anyone could sign with it. */
const OLD_DEVELOPMENT_SECRET = 'naskah-development-secret-not-for-production-use';

const b64url = (part: object | string) => Buffer.from(typeof part === 'string' ? part : JSON.stringify(part)).toString('base64url');
const claimsOf = (token: string): Record<string, unknown> => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
const now = () => Math.floor(Date.now() / 1000);

/** A JWT made by hand, as an attacker would: any header, any claims, any HMAC-SHA key. */
function forge(payload: object | string, secret: string | null, header: object = { alg: 'HS256', typ: 'JWT' }, hmac = 'sha256'): string {
  const unsigned = `${b64url(header)}.${b64url(payload)}`;
  return `${unsigned}.${secret === null ? '' : createHmac(hmac, secret).update(unsigned).digest('base64url')}`;
}

function expectStatus(res: Response, status: number): Response {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  return res;
}

function expectUnauthenticated(res: Response): void {
  expectStatus(res, 401);
  expect(res.body).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED' });
}

describe('forged tokens', () => {
  let api: TestApi;
  let batam: SeededOrganization;
  let cilegon: SeededOrganization;
  let batamDraftId: string;
  let cilegonDraftId: string;

  const login = (org: SeededOrganization, code: string) => api.login(org.officials[code].nip);
  const me = (token: string) => api.as(token).get('/api/v1/me');

  async function draft(org: SeededOrganization, code: string): Promise<string> {
    const res = await api.as(await login(org, code)).post('/api/v1/documents', {
      kindCode: 'SURAT_DINAS',
      subject: 'Penyampaian Data Koperasi',
      body: '<p>Isi</p>',
      classification: 'biasa',
      urgency: 'biasa',
      recipients: [{ name: 'Wali Kota' }],
    });
    return expectStatus(res, 201).body.id as string;
  }

  beforeAll(async () => {
    api = await startApi();
    [batam, cilegon] = await Promise.all([createTestOrganization('batam-dkum.yaml'), createTestOrganization('cilegon-dkukm.yaml')]);
    // A Bidang clerk's draft: outside the Bidang only the organisation's administrators may read it.
    [batamDraftId, cilegonDraftId] = await Promise.all([draft(batam, 'ISP-ADM'), draft(cilegon, 'UMPEG-ARSIP')]);
  }, 60_000);
  afterAll(async () => {
    await api?.close();
    await closeTestDataSource();
  });

  it('a token signed with the old development secret is 401, in the old claim shape or the new one', async () => {
    expect(api.cfg.JWT_SECRET).not.toBe(OLD_DEVELOPMENT_SECRET);
    const official = batam.officials['PPK-ANALIS'];
    const oldShape = { sub: official.id, org: batam.id, nip: official.nip, roles: ['admin'] };
    expectUnauthenticated(await me(forge(oldShape, OLD_DEVELOPMENT_SECRET)));
    const real = claimsOf(await login(batam, 'PPK-ANALIS'));
    expectUnauthenticated(await me(forge(real, OLD_DEVELOPMENT_SECRET)));
  });

  it("a correctly signed token claiming the admin role and another organisation's id grants neither", async () => {
    const analyst = batam.officials['PPK-ANALIS'];
    const real = claimsOf(await login(batam, 'PPK-ANALIS'));
    const forged = forge(
      { ...real, roles: ['admin'], role: 'admin', org: cilegon.id, organizationId: cilegon.id, nip: cilegon.officials['UMPEG-ARSIP'].nip },
      api.cfg.JWT_SECRET,
    );

    const who = expectStatus(await me(forged), 200).body;
    expect(who).toMatchObject({ id: analyst.id, nip: analyst.nip, roles: [], organization: { id: batam.id } });

    // The draft is readable by the organisation's real administrator, not by a claimed one.
    expectStatus(await api.as(await login(batam, 'UMPEG-ARSIP')).get(`/api/v1/documents/${batamDraftId}`), 200);
    expectStatus(await api.as(forged).get(`/api/v1/documents/${batamDraftId}`), 403);
    // Nor does the claimed organisation open the other office's documents or chart.
    expectStatus(await api.as(forged).get(`/api/v1/documents/${cilegonDraftId}`), 403);
    expectStatus(await api.as(forged).get(`/api/v1/organizations/${cilegon.id}/units`), 403);
  });

  it('a token whose subject or version is not what the API issues is 401, even correctly signed', async () => {
    const real = claimsOf(await login(batam, 'PPK-PENYULUH'));
    const secret = api.cfg.JWT_SECRET;
    for (const payload of [
      { ...real, sub: "' OR 1=1 --" },
      { ...real, sub: '00000000-0000-4000-8000-000000000000' },
      { ...real, ver: '0' },
      { ...real, ver: -1 },
      { ...real, ver: undefined },
      { ...real, sub: undefined },
      'not a JSON object',
    ]) {
      expectUnauthenticated(await me(forge(payload, secret)));
    }
  });

  it('a token without exp is 401', async () => {
    const real = claimsOf(await login(batam, 'PPK-PENYULUH'));
    expectStatus(await me(forge(real, api.cfg.JWT_SECRET)), 200);
    expectUnauthenticated(await me(forge({ ...real, exp: undefined }, api.cfg.JWT_SECRET)));
  });

  it('alg none and any algorithm but HS256 are 401', async () => {
    const real = claimsOf(await login(batam, 'PPK-PENYULUH'));
    expectUnauthenticated(await me(forge(real, null, { alg: 'none', typ: 'JWT' })));
    expectUnauthenticated(await me(forge(real, null, { alg: 'None' })));
    expectUnauthenticated(await me(forge(real, api.cfg.JWT_SECRET, { alg: 'HS512', typ: 'JWT' }, 'sha512')));
    expectUnauthenticated(await me(forge(real, api.cfg.JWT_SECRET, { alg: 'HS384', typ: 'JWT' }, 'sha384')));
    expectUnauthenticated(await me(forge(real, api.cfg.JWT_SECRET, { alg: 'RS256', typ: 'JWT' })));
  });

  it('an expired token, or one older than the configured lifetime whatever its exp, is 401', async () => {
    const real = claimsOf(await login(batam, 'PPK-PENYULUH'));
    const ttl = api.cfg.JWT_TTL_SECONDS;
    expectUnauthenticated(await me(forge({ ...real, iat: now() - 120, exp: now() - 60 }, api.cfg.JWT_SECRET)));
    expectUnauthenticated(await me(forge({ ...real, iat: now() - ttl - 60, exp: now() + 365 * 86400 }, api.cfg.JWT_SECRET)));
    expectUnauthenticated(await me(forge({ ...real, iat: undefined, exp: now() + 60 }, api.cfg.JWT_SECRET)));
  });

  it('a token for another issuer or audience is 401', async () => {
    const real = claimsOf(await login(batam, 'PPK-PENYULUH'));
    expect(real).toMatchObject({ iss: expect.any(String), aud: expect.any(String), sub: batam.officials['PPK-PENYULUH'].id, ver: 0 });
    expectUnauthenticated(await me(forge({ ...real, iss: 'https://sso.example.go.id' }, api.cfg.JWT_SECRET)));
    expectUnauthenticated(await me(forge({ ...real, aud: 'naskah-worker' }, api.cfg.JWT_SECRET)));
    expectUnauthenticated(await me(forge({ ...real, iss: undefined, aud: undefined }, api.cfg.JWT_SECRET)));
  });

  it('after logout the token, and every other token of that official issued before it, is 401', async () => {
    const official = batam.officials['PKSP-ADM'];
    const phone = await login(batam, 'PKSP-ADM');
    // The same official signed in earlier on another device: the token this API issued then.
    const laptop = forge({ ...claimsOf(phone), iat: now() - 600, exp: now() + 600 }, api.cfg.JWT_SECRET);
    expectStatus(await me(phone), 200);
    expectStatus(await me(laptop), 200);
    const before = await (await testDataSource()).getRepository(OfficialEntity).findOneByOrFail({ id: official.id });

    expectStatus(await api.as(phone).post('/api/v1/auth/logout'), 204);

    // No cache window for this process's own logout.
    expectUnauthenticated(await me(phone));
    expectUnauthenticated(await me(laptop));
    expectUnauthenticated(await api.as(phone).post('/api/v1/auth/logout'));
    const after = await (await testDataSource()).getRepository(OfficialEntity).findOneByOrFail({ id: official.id });
    expect(after.tokenVersion).toBe(before.tokenVersion + 1);
    // Signing in again works, with the new version.
    const fresh = await login(batam, 'PKSP-ADM');
    expect(claimsOf(fresh).ver).toBe(after.tokenVersion);
    expectStatus(await me(fresh), 200);
  });

  it('logout without a token is 401', async () => {
    expectUnauthenticated(await api.http.post('/api/v1/auth/logout'));
    expectUnauthenticated(await api.http.post('/api/v1/auth/logout').set('Authorization', 'Bearer garbage'));
  });

  it('an official set inactive in the database is 401 on the next request after the cache window', async () => {
    const official = batam.officials['PKSP-PENILAI'];
    const token = await login(batam, 'PKSP-PENILAI');
    expectStatus(await me(token), 200);
    await (await testDataSource()).getRepository(OfficialEntity).update({ id: official.id }, { active: false });
    await expectEventually(async () => expectUnauthenticated(await me(token)));
    expectStatus(await api.http.post('/api/v1/auth/login').send({ nip: official.nip, password: 'naskah123' }), 401);
  });

  it('roles come from the database: an administrator demoted there loses the administrator view', async () => {
    const org2 = await createTestOrganization('batam-dkum.yaml');
    const draftId = await draft(org2, 'ISP-ADM');
    const token = await login(org2, 'UMPEG-ARSIP');
    expectStatus(await api.as(token).get(`/api/v1/documents/${draftId}`), 200);
    await (await testDataSource()).getRepository(OfficialEntity).update({ id: org2.officials['UMPEG-ARSIP'].id }, { roles: [] });
    await expectEventually(async () => expectStatus(await api.as(token).get(`/api/v1/documents/${draftId}`), 403));
    expect(expectStatus(await me(token), 200).body.roles).toEqual([]);
  });

  it('malformed Authorization headers are 401, never 500', async () => {
    const token = await login(batam, 'PPK-PENYULUH');
    const headers = [
      token, // no scheme
      `Basic ${Buffer.from('197203141998031004:naskah123').toString('base64')}`,
      'Bearer',
      'Bearer ',
      `Bearer  ${token}`,
      `Bearer ${token} extra`,
      `Bearer ${token}.`,
      'Bearer a.b.c',
      'Bearer ....',
      'Bearer %00%ff',
      `Bearer ${'\u00e9'.repeat(20)}`,
      `Bearer ${b64url('{')}.${b64url('{')}.${b64url('x')}`,
      `Bearer ${'A'.repeat(12_000)}`,
      `Bearer ${'A'.repeat(3_000)}.${'A'.repeat(3_000)}.${'A'.repeat(3_000)}`,
    ];
    for (const header of headers) {
      const res = await api.http.get('/api/v1/me').set('Authorization', header);
      expectUnauthenticated(res);
    }
    expectUnauthenticated(await api.http.get('/api/v1/me').set('Authorization', ''));
    // Beyond Node's header limit the server refuses before the application: still never a 500.
    const huge = await api.http.get('/api/v1/me').set('Authorization', `Bearer ${'A'.repeat(20_000)}`);
    expect(huge.status).toBe(431);
  });
});
