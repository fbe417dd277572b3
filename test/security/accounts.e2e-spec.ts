import type { Response } from 'supertest';
import { AccountAuditEventEntity, DocumentKindEntity, OfficialEntity, verifyAccountAuditChain } from '@naskah/persistence';
import { DEMO_PASSWORD, runSeed, SeededOrganization } from '@naskah/seed';
import { expectStatus, startApi, TestApi } from '../support/api';
import { closeTestDataSource, createTestOrganization, testDataSource } from '../support/fixtures';

/**
 * Issue 12: accounts. An official changes their own password (current one required, a minimum
 * policy, every other token ends); an organisation's administrators deactivate, activate and reset
 * its officials, never themselves nor another organisation's; every change is in the account trail.
 */

const NEW_PASSWORD = 'Kopi-pagi-7-Sekupang';
const ADMIN = 'UMPEG-ARSIP';

let api: TestApi;
let batam: SeededOrganization;
let cilegon: SeededOrganization;

beforeAll(async () => {
  api = await startApi();
  [batam, cilegon] = await Promise.all([createTestOrganization('batam-dkum.yaml'), createTestOrganization('cilegon-dkukm.yaml')]);
}, 60_000);
afterAll(async () => {
  await api?.close();
  await closeTestDataSource();
});

const login = (org: SeededOrganization, code: string, password = DEMO_PASSWORD) =>
  api.http.post('/api/v1/auth/login').send({ nip: org.officials[code].nip, password });
const tokenOf = async (org: SeededOrganization, code: string, password = DEMO_PASSWORD) =>
  expectStatus(await login(org, code, password), 200).body.accessToken as string;
const me = (token: string) => api.as(token).get('/api/v1/me');
const changePassword = (token: string, currentPassword: unknown, newPassword: unknown) =>
  api.as(token).post('/api/v1/auth/password', { currentPassword, newPassword });
const official = async (id: string) => (await testDataSource()).getRepository(OfficialEntity).findOneByOrFail({ id });
const trail = async (officialId: string) =>
  (await testDataSource()).getRepository(AccountAuditEventEntity).find({ where: { officialId }, order: { seq: 'ASC' } });

function expectRefused(res: Response, status: number, code: string): void {
  expectStatus(res, status);
  expect(res.body).toMatchObject({ statusCode: status, code, message: expect.any(String) });
}

/** Nothing in the trail may let anyone learn a password. */
function expectNoSecrets(rows: AccountAuditEventEntity[], ...passwords: string[]): void {
  const text = JSON.stringify(rows);
  expect(text).not.toMatch(/argon2/);
  for (const p of passwords) expect(text).not.toContain(p);
}

describe('POST /api/v1/auth/password: the official changes their own password', () => {
  it('needs a token; a malformed body is a 400 naming the field, never a 5xx', async () => {
    expectRefused(
      await api.http.post('/api/v1/auth/password').send({ currentPassword: DEMO_PASSWORD, newPassword: NEW_PASSWORD }),
      401,
      'UNAUTHENTICATED',
    );
    const token = await tokenOf(batam, 'PPUM-ADM');
    const cases: Array<[object, string]> = [
      [{}, 'currentPassword'],
      [{ currentPassword: DEMO_PASSWORD }, 'newPassword'],
      [{ currentPassword: 123, newPassword: NEW_PASSWORD }, 'currentPassword'],
      [{ currentPassword: DEMO_PASSWORD, newPassword: ['a'] }, 'newPassword'],
      [{ currentPassword: DEMO_PASSWORD, newPassword: 'x'.repeat(201) }, 'newPassword'],
      [{ currentPassword: DEMO_PASSWORD, newPassword: NEW_PASSWORD, admin: true }, 'admin'],
    ];
    for (const [body, field] of cases) {
      const res = expectStatus(await api.as(token).post('/api/v1/auth/password', body), 400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const bad = await api.http
      .post('/api/v1/auth/password')
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/json')
      .send('{"currentPassword": ');
    expectRefused(bad, 400, 'INVALID_INPUT');
    // Nothing changed.
    expectStatus(await me(token), 200);
    await tokenOf(batam, 'PPUM-ADM');
  });

  it('a wrong current password is 403 and changes nothing', async () => {
    const token = await tokenOf(batam, 'PPUM-ANALIS');
    const res = await changePassword(token, 'bukan-sandinya', NEW_PASSWORD);
    expectRefused(res, 403, 'INVALID_CREDENTIALS');
    expect(res.body.message).toBe('Kata sandi saat ini salah');
    expectStatus(await me(token), 200);
    await tokenOf(batam, 'PPUM-ANALIS');
    expect(await trail(batam.officials['PPUM-ANALIS'].id)).toEqual([]);
  });

  it('each rule of the policy is a 422 that names it', async () => {
    const o = batam.officials['UPTD-ADM'];
    const token = await tokenOf(batam, 'UPTD-ADM');
    const surname = o.name.split(' ').sort((a, b) => b.length - a.length)[0];
    const cases: Array<[string, string]> = [
      ['Kop1-kecl', 'paling sedikit 10 karakter'],
      ['kopipagisekupang', 'dua jenis karakter'],
      ['2024202420242024', 'dua jenis karakter'],
      [`Sandi-${o.nip}`, 'tidak boleh memuat NIP'],
      [`${surname.toUpperCase()}-kuat-2024`, 'tidak boleh memuat nama pegawai'],
      ['Naskah123-yang-baru', 'naskah123'],
      [DEMO_PASSWORD, 'paling sedikit 10 karakter'],
    ];
    for (const [password, rule] of cases) {
      const res = await changePassword(token, DEMO_PASSWORD, password);
      expectRefused(res, 422, 'RULE_VIOLATION');
      expect(res.body).toMatchObject({ field: 'newPassword', message: expect.stringContaining(rule) });
      expect(res.body.message).toMatch(/^Kata sandi baru belum memenuhi aturan: /);
    }
    // Refusals change nothing: the old password and the token still work.
    expectStatus(await me(token), 200);
    await tokenOf(batam, 'UPTD-ADM');
  });

  it('success ends every other token, returns a fresh one, and is in the trail; the same password again is refused', async () => {
    const o = batam.officials['UPTD-LAYANAN'];
    const phone = await tokenOf(batam, 'UPTD-LAYANAN');
    const laptop = await tokenOf(batam, 'UPTD-LAYANAN');
    const res = expectStatus(await changePassword(phone, DEMO_PASSWORD, NEW_PASSWORD), 200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toMatchObject({ tokenType: 'Bearer', mustChangePassword: false, accessToken: expect.any(String) });
    const fresh = res.body.accessToken as string;

    expectRefused(await me(phone), 401, 'UNAUTHENTICATED');
    expectRefused(await me(laptop), 401, 'UNAUTHENTICATED');
    expect(expectStatus(await me(fresh), 200).body.id).toBe(o.id);
    expectRefused(await login(batam, 'UPTD-LAYANAN'), 401, 'INVALID_CREDENTIALS');
    await tokenOf(batam, 'UPTD-LAYANAN', NEW_PASSWORD);
    // The application hashes with argon2's production parameters (the seeded officials' smaller ones are test data only).
    const stored = await (await testDataSource()).getRepository(OfficialEntity).findOneByOrFail({ id: o.id });
    const [, type, , params] = stored.passwordHash.split('$');
    expect(type).toBe('argon2id');
    expect(Object.fromEntries(params.split(',').map((kv) => kv.split('=')))).toEqual({ m: '65536', t: '3', p: '4' });

    const again = await changePassword(fresh, NEW_PASSWORD, NEW_PASSWORD);
    expectRefused(again, 422, 'RULE_VIOLATION');
    expect(again.body.message).toContain('harus berbeda dari kata sandi saat ini');

    const rows = await trail(o.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      action: 'password_changed',
      actorOfficialId: o.id,
      organizationId: batam.id,
      before: { mustChangePassword: false },
      after: { mustChangePassword: false, tokensRevoked: true },
    });
    expect(rows[0].clientAddress).toMatch(/127\.0\.0\.1$/);
    expectNoSecrets(rows, NEW_PASSWORD, DEMO_PASSWORD);
  });

  it('two changes racing with the same current password: one wins, the other is refused, the winner’s password holds', async () => {
    const token = await tokenOf(batam, 'PP-ANGGARAN');
    const candidates = ['Hujan-Sore-4-Batam', 'Laut-Biru-9-Nongsa'];
    const results = await Promise.all(candidates.map((p) => changePassword(token, DEMO_PASSWORD, p)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    // The loser either found the password already changed (403) or lost the row lock race (409).
    expect([403, 409]).toContain(statuses.find((s) => s !== 200));
    const winner = candidates[statuses.indexOf(200)];
    const loser = candidates[1 - statuses.indexOf(200)];
    await tokenOf(batam, 'PP-ANGGARAN', winner);
    expectRefused(await login(batam, 'PP-ANGGARAN', loser), 401, 'INVALID_CREDENTIALS');
    const rows = await trail(batam.officials['PP-ANGGARAN'].id);
    expect(rows.map((r) => r.action)).toEqual(['password_changed']);
  });

  it('a token cannot be used to guess the password: wrong current passwords count towards the NIP lock', async () => {
    const limited = await startApi({ LOGIN_ACCOUNT_MAX_FAILURES: '3', LOGIN_ACCOUNT_LOCK_SECONDS: '600' });
    try {
      const token = await tokenOf(batam, 'PP-PERENCANA');
      for (let i = 0; i < 3; i++)
        expectRefused(
          await limited.as(token).post('/api/v1/auth/password', { currentPassword: `tebak-${i}`, newPassword: NEW_PASSWORD }),
          403,
          'INVALID_CREDENTIALS',
        );
      const locked = await limited.as(token).post('/api/v1/auth/password', { currentPassword: DEMO_PASSWORD, newPassword: NEW_PASSWORD });
      expectRefused(locked, 429, 'TOO_MANY_REQUESTS');
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(500);
      expectRefused(
        await limited.http.post('/api/v1/auth/login').send({ nip: batam.officials['PP-PERENCANA'].nip, password: DEMO_PASSWORD }),
        429,
        'TOO_MANY_REQUESTS',
      );
      expect((await trail(batam.officials['PP-PERENCANA'].id)).map((r) => r.action)).toEqual(['login_locked']);
    } finally {
      await limited.close();
    }
  });
});

describe('administrators: deactivate, activate, password reset', () => {
  const ops = ['deactivate', 'activate', 'password-reset'] as const;
  const adminOp = (token: string, id: string, op: (typeof ops)[number], body: object = {}) =>
    api.as(token).post(`/api/v1/officials/${id}/${op}`, body);

  it('who may not: no token (401), a non-administrator (403), another organisation’s administrator (404, like an unknown id), the administrator on themselves (422)', async () => {
    const target = batam.officials['PPK-PENYULUH'];
    const clerk = await tokenOf(batam, 'PPK-ANALIS');
    const otherAdmin = await tokenOf(cilegon, ADMIN);
    const admin = await tokenOf(batam, ADMIN);
    for (const op of ops) {
      expectRefused(await api.http.post(`/api/v1/officials/${target.id}/${op}`).send({}), 401, 'UNAUTHENTICATED');
      expectRefused(await adminOp(clerk, target.id, op), 403, 'FORBIDDEN');
      // The clerk cannot learn whether an id exists either.
      expectRefused(await adminOp(clerk, '00000000-0000-4000-8000-000000000000', op), 403, 'FORBIDDEN');
      const foreign = await adminOp(otherAdmin, target.id, op);
      const unknown = await adminOp(otherAdmin, '00000000-0000-4000-8000-000000000000', op);
      expectRefused(foreign, 404, 'NOT_FOUND');
      expect(foreign.body).toEqual(unknown.body);
      const self = await adminOp(admin, batam.officials[ADMIN].id, op);
      expectRefused(self, 422, 'RULE_VIOLATION');
      expect(self.body.message).toMatch(/^Administrator tidak dapat/);
    }
    // Nothing changed anywhere.
    expect(await official(target.id)).toMatchObject({ active: true, mustChangePassword: false });
    expect(await official(batam.officials[ADMIN].id)).toMatchObject({ active: true, mustChangePassword: false });
    await tokenOf(batam, 'PPK-PENYULUH');
    expect(await trail(target.id)).toEqual([]);
    expect(await trail(batam.officials[ADMIN].id)).toEqual([]);
  });

  it('malformed ids and bodies are 400, never a 5xx', async () => {
    const admin = await tokenOf(batam, ADMIN);
    const target = batam.officials['SEKRE-PRAKOM'];
    for (const id of ['abc', '123', 'x'.repeat(40), `${target.id}x`, "' OR 1=1 --", '%00', target.id.toUpperCase().replace(/-/g, '')]) {
      for (const op of ops) {
        const res = await api.as(admin).post(`/api/v1/officials/${encodeURIComponent(id)}/${op}`, {});
        expectRefused(res, 400, 'INVALID_INPUT');
      }
    }
    const bodies: Array<[object, string]> = [
      [{ reason: 5 }, 'reason'],
      [{ reason: '' }, 'reason'],
      [{ reason: '   ' }, 'reason'],
      [{ reason: 'x'.repeat(501) }, 'reason'],
      [{ reason: 'cuti\u0000panjang' }, 'reason'],
      [{ active: false }, 'active'],
      [{ reason: ['a'] }, 'reason'],
    ];
    for (const [body, field] of bodies) {
      for (const op of ops) {
        const res = expectStatus(await adminOp(admin, target.id, op, body), 400);
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      }
    }
    const broken = await api.http
      .post(`/api/v1/officials/${target.id}/deactivate`)
      .set('Authorization', `Bearer ${admin}`)
      .set('Content-Type', 'application/json')
      .send('{"reason": ');
    expectRefused(broken, 400, 'INVALID_INPUT');
    expect(await official(target.id)).toMatchObject({ active: true });
    expect(await trail(target.id)).toEqual([]);
  });

  it('deactivation ends the official’s token at once and refuses login; activation lets them sign in again, the old token stays dead', async () => {
    const target = batam.officials['PPUM-ANALIS'];
    const admin = await tokenOf(batam, ADMIN);
    const token = await tokenOf(batam, 'PPUM-ANALIS');
    expectStatus(await me(token), 200);

    const off = expectStatus(await adminOp(admin, target.id, 'deactivate', { reason: 'Pensiun per 1 Juli' }), 200);
    expect(off.body).toEqual({
      id: target.id,
      nip: target.nip,
      name: target.name,
      organizationId: batam.id,
      active: false,
      mustChangePassword: false,
    });
    expectRefused(await me(token), 401, 'UNAUTHENTICATED');
    expectRefused(await api.as(token).get('/api/v1/organizations'), 401, 'UNAUTHENTICATED');
    expectRefused(await login(batam, 'PPUM-ANALIS'), 401, 'INVALID_CREDENTIALS');
    // Again: nothing to change, nothing recorded.
    expect(expectStatus(await adminOp(admin, target.id, 'deactivate'), 200).body.active).toBe(false);

    expect(expectStatus(await adminOp(admin, target.id, 'activate'), 200).body.active).toBe(true);
    expectRefused(await me(token), 401, 'UNAUTHENTICATED');
    expectStatus(await me(await tokenOf(batam, 'PPUM-ANALIS')), 200);

    const rows = await trail(target.id);
    expect(rows.map((r) => [r.action, r.actorOfficialId, r.before, r.after, r.reason])).toEqual([
      ['deactivated', batam.officials[ADMIN].id, { active: true }, { active: false, tokensRevoked: true }, 'Pensiun per 1 Juli'],
      ['activated', batam.officials[ADMIN].id, { active: false }, { active: true, tokensRevoked: true }, null],
    ]);
    expect(await verifyAccountAuditChain((await testDataSource()).manager, target.id)).toBeNull();
  });

  it('password reset: a one-time password shown once, every token ends, and until it is changed only the change, /me and logout answer', async () => {
    const target = batam.officials['ISP-PENGAWAS'];
    const admin = await tokenOf(batam, ADMIN);
    const before = await tokenOf(batam, 'ISP-PENGAWAS');

    const reset = expectStatus(await adminOp(admin, target.id, 'password-reset', { reason: 'Lupa kata sandi' }), 200);
    expect(reset.headers['cache-control']).toBe('no-store');
    const temporary = reset.body.temporaryPassword as string;
    expect(temporary).toMatch(/^[A-Za-z2-9]{4}(-[A-Za-z2-9]{4}){3}$/);
    expect(reset.body.official).toMatchObject({ id: target.id, active: true, mustChangePassword: true });
    expectRefused(await me(before), 401, 'UNAUTHENTICATED');
    expectRefused(await login(batam, 'ISP-PENGAWAS'), 401, 'INVALID_CREDENTIALS');

    const first = expectStatus(await login(batam, 'ISP-PENGAWAS', temporary), 200);
    expect(first.body.mustChangePassword).toBe(true);
    const pending = first.body.accessToken as string;
    expect(expectStatus(await me(pending), 200).body.id).toBe(target.id);
    for (const res of [
      await api.as(pending).get('/api/v1/organizations'),
      await api.as(pending).get('/api/v1/inbox/counts'),
      await api.as(pending).post('/api/v1/documents', { kindCode: 'NOTA_DINAS' }),
      await api.as(pending).get('/api/v1/delegations'),
    ]) {
      expectRefused(res, 403, 'PASSWORD_CHANGE_REQUIRED');
    }
    // The temporary password is not a new password.
    expectRefused(await changePassword(pending, temporary, temporary), 422, 'RULE_VIOLATION');
    const changed = expectStatus(await changePassword(pending, temporary, NEW_PASSWORD), 200);
    expect(changed.body.mustChangePassword).toBe(false);
    const fresh = changed.body.accessToken as string;
    expectRefused(await me(pending), 401, 'UNAUTHENTICATED');
    expectStatus(await api.as(fresh).get('/api/v1/organizations'), 200);
    // One time only.
    expectRefused(await login(batam, 'ISP-PENGAWAS', temporary), 401, 'INVALID_CREDENTIALS');
    expect((await tokenOf(batam, 'ISP-PENGAWAS', NEW_PASSWORD)).length).toBeGreaterThan(20);
    expect(expectStatus(await login(batam, 'ISP-PENGAWAS', NEW_PASSWORD), 200).body.mustChangePassword).toBe(false);

    const rows = await trail(target.id);
    expect(rows.map((r) => [r.action, r.actorOfficialId, r.before, r.after])).toEqual([
      [
        'password_reset',
        batam.officials[ADMIN].id,
        { mustChangePassword: false },
        { mustChangePassword: true, tokensRevoked: true, loginCounterCleared: false },
      ],
      ['password_changed', target.id, { mustChangePassword: true }, { mustChangePassword: false, tokensRevoked: true }],
    ]);
    expectNoSecrets(rows, temporary, NEW_PASSWORD);
  });

  it('a reset lifts a login lock, so the official can use the temporary password at once', async () => {
    const limited = await startApi({ LOGIN_ACCOUNT_MAX_FAILURES: '3', LOGIN_ACCOUNT_LOCK_SECONDS: '600' });
    try {
      const target = batam.officials['PKSP-PENILAI'];
      const attempt = (password: string) => limited.http.post('/api/v1/auth/login').send({ nip: target.nip, password });
      for (let i = 0; i < 3; i++) expectStatus(await attempt('salah'), 401);
      expectRefused(await attempt(DEMO_PASSWORD), 429, 'TOO_MANY_REQUESTS');
      const temporary = expectStatus(await adminOp(await tokenOf(batam, ADMIN), target.id, 'password-reset'), 200).body.temporaryPassword as string;
      expect(expectStatus(await attempt(temporary), 200).body.mustChangePassword).toBe(true);
      expect((await trail(target.id)).map((r) => [r.action, r.after.loginCounterCleared ?? null])).toEqual([
        ['login_locked', null],
        ['password_reset', true],
      ]);
    } finally {
      await limited.close();
    }
  });

  it('deactivations and activations racing leave one consistent state, each change recorded in order', async () => {
    const target = batam.officials['PPK-ANALIS'];
    const admin = await tokenOf(batam, ADMIN);
    const calls = Array.from({ length: 12 }, (_, i) => (i % 2 ? 'activate' : 'deactivate') as (typeof ops)[number]);
    const results = await Promise.all(calls.map((op) => adminOp(admin, target.id, op)));
    results.forEach((r) => expectStatus(r, 200));

    const rows = await trail(target.id);
    expect(rows.length).toBeGreaterThanOrEqual(1);
    // Each recorded change starts from the state the previous one left; none is lost or doubled.
    let state = true;
    for (const r of rows) {
      expect(r.before.active).toBe(state);
      expect(r.after.active).toBe(!state);
      expect(r.action).toBe(state ? 'deactivated' : 'activated');
      state = !state;
    }
    expect((await official(target.id)).active).toBe(state);
    expect(await verifyAccountAuditChain((await testDataSource()).manager, target.id)).toBeNull();
    expectStatus(await login(batam, 'PPK-ANALIS'), state ? 200 : 401);
  });

  it('two resets racing: both answer, and exactly the temporary password committed last works', async () => {
    const target = batam.officials['PPUM-ADM'];
    const admin = await tokenOf(batam, ADMIN);
    const results = await Promise.all([adminOp(admin, target.id, 'password-reset'), adminOp(admin, target.id, 'password-reset')]);
    const temporaries = results.map((r) => expectStatus(r, 200).body.temporaryPassword as string);
    expect(temporaries[0]).not.toBe(temporaries[1]);
    const logins = [];
    for (const t of temporaries) logins.push((await login(batam, 'PPUM-ADM', t)).status);
    expect(logins.sort()).toEqual([200, 401]);
    expect((await trail(target.id)).map((r) => r.action)).toEqual(['password_reset', 'password_reset']);
  });

  it('two administrators deactivating each other at once: exactly one of them is left active', async () => {
    const org = await createTestOrganization('cilegon-dkukm.yaml');
    const second = org.officials['SEKRE-ADM'];
    await (await testDataSource()).getRepository(OfficialEntity).update({ id: second.id }, { roles: ['admin'] });
    const [a, b] = await Promise.all([tokenOf(org, ADMIN), tokenOf(org, 'SEKRE-ADM')]);
    const [ab, ba] = await Promise.all([adminOp(a, second.id, 'deactivate'), adminOp(b, org.officials[ADMIN].id, 'deactivate')]);
    expect([ab.status, ba.status].sort()).toEqual([200, 401]);
    const states = [(await official(org.officials[ADMIN].id)).active, (await official(second.id)).active];
    expect(states.filter(Boolean)).toHaveLength(1);
  });
});

describe('the seed command in production', () => {
  it('adds the built-in document kinds only when missing: a kind as the city administrator edited it survives a deploy', async () => {
    const kinds = (await testDataSource()).getRepository(DocumentKindEntity);
    const before = await kinds.findOneByOrFail({ code: 'SURAT_TUGAS' });
    try {
      // As PUT /api/v1/admin/document-kinds/SURAT_TUGAS would leave it.
      await kinds.update({ id: before.id }, { name: 'Surat Tugas (disunting)', strategic: true });
      await runSeed(['--reference-data'], { ...api.cfg, NODE_ENV: 'production' as const }, () => undefined);
      expect(await kinds.findOneByOrFail({ id: before.id })).toMatchObject({ name: 'Surat Tugas (disunting)', strategic: true });
    } finally {
      await kinds.update({ id: before.id }, { name: before.name, strategic: before.strategic });
    }
  });

  it('refuses the demo offices and loads the reference lists only: no official is added', async () => {
    const production = { ...api.cfg, NODE_ENV: 'production' as const };
    const ds = await testDataSource();
    const officials = await ds.getRepository(OfficialEntity).count();
    await expect(runSeed([], production)).rejects.toThrow(/refusing to seed the demo offices/);
    const said: string[] = [];
    await runSeed(['--reference-data'], production, (line) => said.push(line));
    expect(said).toEqual(['seeded the reference data: document kinds, archive codes']);
    expect(await ds.getRepository(OfficialEntity).count()).toBe(officials);
    expect(await ds.getRepository(DocumentKindEntity).count()).toBeGreaterThanOrEqual(8);
  });
});
