import type { Response } from 'supertest';
import { AccountAuditEventEntity, LoginAttemptCounterEntity } from '@naskah/persistence';
import { DEMO_PASSWORD, SeededOrganization } from '@naskah/seed';
import { expectEventually, expectStatus, startApi, TestApi } from '../support/api';
import { closeTestDataSource, createTestOrganization, randomNip, testDataSource } from '../support/fixtures';

/**
 * Issue 12: login throttling keyed on what an attacker cannot choose. Each NIP (known or not) is
 * locked after LOGIN_ACCOUNT_MAX_FAILURES failures whatever the address, through the database so
 * every API process agrees; each address has its own brake, and X-Forwarded-For counts only from a
 * proxy TRUST_PROXY names.
 */

const attempt = (api: TestApi, nip: string, password: string, forwardedFor?: string) => {
  const req = api.http.post('/api/v1/auth/login');
  if (forwardedFor) req.set('X-Forwarded-For', forwardedFor);
  return req.send({ nip, password });
};

function expectLocked(res: Response): number {
  expectStatus(res, 429);
  expect(res.body).toEqual({ statusCode: 429, code: 'TOO_MANY_REQUESTS', message: expect.stringMatching(/^Terlalu banyak percobaan masuk/) });
  const retryAfter = Number(res.headers['retry-after']);
  expect(Number.isInteger(retryAfter) && retryAfter > 0).toBe(true);
  return retryAfter;
}

async function lockEvents(officialId: string): Promise<AccountAuditEventEntity[]> {
  return (await testDataSource())
    .getRepository(AccountAuditEventEntity)
    .find({ where: { officialId, action: 'login_locked' }, order: { seq: 'ASC' } });
}

let org: SeededOrganization;
const nipOf = (code: string) => org.officials[code].nip;
const apis: TestApi[] = [];
const start = async (overrides: Record<string, string>) => {
  const api = await startApi(overrides);
  apis.push(api);
  return api;
};

beforeAll(async () => {
  org = await createTestOrganization('batam-dkum.yaml');
}, 60_000);
afterAll(async () => {
  await Promise.all(apis.map((a) => a.close()));
  await closeTestDataSource();
});

describe('per NIP: locked after 5 failures whatever the address (no proxy trusted)', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await start({ LOGIN_ACCOUNT_MAX_FAILURES: '5', LOGIN_ACCOUNT_LOCK_SECONDS: '900' });
  });

  it('40 guesses with a different X-Forwarded-For each: 5 are checked, 35 refused with 429, Retry-After and words', async () => {
    const nip = nipOf('ISP-ADM');
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) {
      const res = await attempt(api, nip, `tebakan-${i}`, `198.51.100.${i + 1}`);
      statuses.push(res.status);
      if (res.status === 429) expect(expectLocked(res)).toBeLessThanOrEqual(900);
    }
    expect(statuses).toEqual([...Array(5).fill(401), ...Array(35).fill(429)]);
    // The lock is in the account's trail, once, with the address the API saw (the socket: no proxy trusted).
    const events = await lockEvents(org.officials['ISP-ADM'].id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorOfficialId: null, before: { locked: false }, after: { locked: true, failedAttempts: 5 } });
    expect(events[0].clientAddress).toMatch(/127\.0\.0\.1$/);
  });

  it('an unknown NIP is refused in the same words, so a 429 does not tell whether the NIP exists', async () => {
    const known = nipOf('ISP-PENGAWAS');
    const unknown = randomNip();
    const last: Response[] = [];
    for (const nip of [known, unknown]) {
      for (let i = 0; i < 5; i++) expectStatus(await attempt(api, nip, 'salah-sekali'), 401);
      last.push(await attempt(api, nip, 'salah-lagi'));
    }
    expectLocked(last[0]);
    expectLocked(last[1]);
    expect(last[1].body).toEqual(last[0].body);
    expect(Math.abs(Number(last[1].headers['retry-after']) - Number(last[0].headers['retry-after']))).toBeLessThanOrEqual(5);
  });

  it('the right password during the lock is refused too; a success before the lock starts the count again', async () => {
    const nip = nipOf('PPK-PENYULUH');
    for (let i = 0; i < 4; i++) expectStatus(await attempt(api, nip, 'salah'), 401);
    expectStatus(await attempt(api, nip, DEMO_PASSWORD), 200);
    expect(await (await testDataSource()).getRepository(LoginAttemptCounterEntity).findOneBy({ nip })).toBeNull();
    // Five more failures are needed now; the fifth locks.
    for (let i = 0; i < 5; i++) expectStatus(await attempt(api, nip, 'salah'), 401);
    expectLocked(await attempt(api, nip, DEMO_PASSWORD));
    expectLocked(await attempt(api, nip, DEMO_PASSWORD, '192.0.2.77'));
  });

  it('a malformed request is not an attempt: it is a 400 and does not count', async () => {
    const nip = nipOf('PKSP-ADM');
    for (const body of [{ nip, password: 123 }, { nip, password: '' }, { nip }, { nip, password: 'x', extra: true }]) {
      expectStatus(await api.http.post('/api/v1/auth/login').send(body), 400);
    }
    for (let i = 0; i < 5; i++) expectStatus(await attempt(api, nip, 'salah'), 401);
    expectLocked(await attempt(api, nip, 'salah'));
  });

  it('20 wrong attempts at once, through two API processes, check exactly 5 passwords', async () => {
    const other = await start({ LOGIN_ACCOUNT_MAX_FAILURES: '5', LOGIN_ACCOUNT_LOCK_SECONDS: '900' });
    const nip = nipOf('PKSP-PENILAI');
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => attempt(i % 2 ? other : api, nip, `serentak-${i}`, `203.0.113.${i + 1}`)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([...Array(5).fill(401), ...Array(15).fill(429)]);
    results.filter((r) => r.status === 429).forEach(expectLocked);
    const counter = await (await testDataSource()).getRepository(LoginAttemptCounterEntity).findOneByOrFail({ nip });
    expect(counter.attempts).toBe(5);
    expect(counter.lockedUntil!.getTime()).toBeGreaterThan(Date.now() + 800_000);
    expect(await lockEvents(org.officials['PKSP-PENILAI'].id)).toHaveLength(1);
    // Both processes keep refusing, the right password included.
    expectLocked(await attempt(other, nip, DEMO_PASSWORD));
    expectLocked(await attempt(api, nip, DEMO_PASSWORD));
  });
});

describe('the lock expires', () => {
  it('after LOGIN_ACCOUNT_LOCK_SECONDS the right password works again, and the count starts afresh', async () => {
    const api = await start({ LOGIN_ACCOUNT_MAX_FAILURES: '3', LOGIN_ACCOUNT_LOCK_SECONDS: '2' });
    const nip = nipOf('PPK-ANALIS');
    for (let i = 0; i < 3; i++) expectStatus(await attempt(api, nip, 'salah'), 401);
    expect(expectLocked(await attempt(api, nip, DEMO_PASSWORD))).toBeLessThanOrEqual(2);
    await expectEventually(async () => expectStatus(await attempt(api, nip, DEMO_PASSWORD), 200), 15_000, 250);
    for (let i = 0; i < 3; i++) expectStatus(await attempt(api, nip, 'salah'), 401);
    expectLocked(await attempt(api, nip, 'salah'));
  });
});

describe('per address', () => {
  it('an address trying many NIPs is throttled, and rotating X-Forwarded-For does not help when no proxy is trusted', async () => {
    const api = await start({ LOGIN_THROTTLE_LIMIT: '5', LOGIN_THROTTLE_TTL_SECONDS: '60' });
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await attempt(api, randomNip(), 'naskah12345', `198.51.100.${100 + i}`);
      statuses.push(res.status);
      if (res.status === 429) expectLocked(res);
    }
    expect(statuses).toEqual([...Array(5).fill(401), ...Array(7).fill(429)]);
    // The address is braked as a whole, even for a NIP never tried.
    expectLocked(await attempt(api, nipOf('SEKRE-ADM'), DEMO_PASSWORD));
  });

  it('with TRUST_PROXY naming the proxy, the forwarded address is the client: each has its own budget, the NIP lock holds across them', async () => {
    const api = await start({ TRUST_PROXY: 'loopback', LOGIN_THROTTLE_LIMIT: '3', LOGIN_ACCOUNT_MAX_FAILURES: '5' });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await attempt(api, randomNip(), 'naskah12345', '203.0.113.10')).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    expectStatus(await attempt(api, randomNip(), 'naskah12345', '203.0.113.11'), 401);
    // The loopback proxy itself, sending no header, is one more client.
    expectStatus(await attempt(api, randomNip(), 'naskah12345'), 401);

    // 40 guesses from 40 addresses the API believes: the NIP is still locked after 5.
    const official = org.officials['UMPEG-SDM'];
    const perNip: number[] = [];
    for (let i = 0; i < 40; i++) perNip.push((await attempt(api, official.nip, `tebakan-${i}`, `192.0.2.${i + 1}`)).status);
    expect(perNip).toEqual([...Array(5).fill(401), ...Array(35).fill(429)]);
    // The trail names the forwarded address of the failure that locked it.
    expect((await lockEvents(official.id)).map((e) => e.clientAddress)).toEqual(['192.0.2.5']);
  });

  it('with a hop count, only the address the trusted proxy saw counts: what the client writes further left is ignored', async () => {
    const api = await start({ TRUST_PROXY: '1', LOGIN_THROTTLE_LIMIT: '3' });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await attempt(api, randomNip(), 'naskah12345', `10.9.8.${i}, 203.0.113.20`)).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    expectStatus(await attempt(api, randomNip(), 'naskah12345', '10.9.8.1, 203.0.113.21'), 401);
  });
});
