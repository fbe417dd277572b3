import type { Response } from 'supertest';
import { addDays } from '@naskah/domain';
import {
  AccountAuditEventEntity,
  OfficialEntity,
  OrganizationAuditEventEntity,
  todayInJakarta,
  verifyAccountAuditChain,
  verifyOrganizationAuditChain,
} from '@naskah/persistence';
import { DEMO_PASSWORD, SeededOrganization } from '@naskah/seed';
import { expectEventually, expectStatus, startApi, TestApi } from '../support/api';
import { closeTestDataSource, createTestOrganization, randomNip, testDataSource } from '../support/fixtures';

/**
 * Issue 15, officials: an organisation's administrator (and the city's, for every organisation of
 * the city) lists, creates, edits, deactivates and resets officials, and imports them from CSV.
 * Every change is one event on the organisation's trail; the same change again records nothing.
 */

const ADMIN = 'UMPEG-ARSIP';
const CLERK = 'UMPEG-SDM';
const NEW_PASSWORD = 'Teh-manis-9-Nongsa';
/** How long another API process trusts what it read of an official (SESSION_CACHE_MS in apps/api/src/auth/sessions.service.ts). */
const SESSION_CACHE_MS = 3_000;

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

const tokens = new Map<string, string>();
async function tokenOf(org: SeededOrganization, code: string): Promise<string> {
  const key = `${org.id}/${code}`;
  if (!tokens.has(key)) tokens.set(key, await api.login(org.officials[code].nip, undefined, { tte: false }));
  return tokens.get(key)!;
}
const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
const get = (token: string, path: string) => api.http.get(path).set(auth(token));
const post = (token: string, path: string, body: object = {}) => api.http.post(path).set(auth(token)).send(body);
const patch = (token: string, path: string, body: object) => api.http.patch(path).set(auth(token)).send(body);
const importCsv = (token: string, orgId: string, text: string, query = '') =>
  api.http
    .post(`/api/v1/admin/organizations/${orgId}/officials/import${query}`)
    .set(auth(token))
    .set('Content-Type', 'text/csv; charset=utf-8')
    .send(text);

const officialsOf = (org: SeededOrganization | string) => `/api/v1/admin/organizations/${typeof org === 'string' ? org : org.id}/officials`;
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

function expectRefused(res: Response, status: number, code: string, field?: string): void {
  expectStatus(res, status);
  expect(res.body).toMatchObject({ statusCode: status, code, message: expect.any(String) });
  if (field) {
    const fields = [res.body.field, ...(res.body.errors ?? []).map((e: { field: string }) => e.field)];
    expect(fields).toContain(field);
  }
}

const trail = async (organizationId: string) =>
  (await testDataSource()).getRepository(OrganizationAuditEventEntity).find({ where: { organizationId }, order: { seq: 'ASC' } });
const accountTrail = async (officialId: string) =>
  (await testDataSource()).getRepository(AccountAuditEventEntity).find({ where: { officialId }, order: { seq: 'ASC' } });
const stored = async (id: string) => (await testDataSource()).getRepository(OfficialEntity).findOneByOrFail({ id });
const intact = async (organizationId: string) =>
  expect(await verifyOrganizationAuditChain((await testDataSource()).manager, organizationId)).toBeNull();

/** A first login with the temporary password, then the official's own password: a token that acts. */
async function signInFirstTime(nip: string, temporary: string): Promise<string> {
  const first = expectStatus(await api.http.post('/api/v1/auth/login').send({ nip, password: temporary }), 200);
  expect(first.body.mustChangePassword).toBe(true);
  const changed = expectStatus(
    await post(first.body.accessToken, '/api/v1/auth/password', { currentPassword: temporary, newPassword: NEW_PASSWORD }),
    200,
  );
  return changed.body.accessToken as string;
}

describe('officials: listed, created with a temporary password shown once, edited', () => {
  it('the administrator creates an official, finds and edits them; each change is one trail event, the same edit again none', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const admin = await tokenOf(org, ADMIN);
    const nip = randomNip();
    const input = { nip, name: 'Ratna Sari Dewi', gelarDepan: '', gelarBelakang: 'S.AP.', rank: 'Penata Muda (III/a)', email: 'ratna@batam.go.id' };
    const created = expectStatus(await post(admin, officialsOf(org), input), 201);
    expect(created.headers['cache-control']).toBe('no-store');
    expect(created.body.temporaryPassword).toMatch(/^[A-Za-z2-9]{4}(-[A-Za-z2-9]{4}){3}$/);
    const id = created.body.official.id as string;
    expect(created.body.official).toEqual({
      id,
      organizationId: org.id,
      nip,
      name: 'Ratna Sari Dewi',
      gelarDepan: '',
      gelarBelakang: 'S.AP.',
      titledName: 'Ratna Sari Dewi, S.AP.',
      rank: 'Penata Muda (III/a)',
      email: 'ratna@batam.go.id',
      roles: [],
      active: true,
      mustChangePassword: true,
      assignments: [],
    });
    // The temporary password works once, and only for choosing one's own.
    const first = expectStatus(await api.http.post('/api/v1/auth/login').send({ nip, password: created.body.temporaryPassword }), 200);
    expect(first.body.mustChangePassword).toBe(true);
    expectRefused(await get(first.body.accessToken, '/api/v1/organizations'), 403, 'PASSWORD_CHANGE_REQUIRED');

    // The same NIP again, in this organisation or another: 409, nothing written.
    expectRefused(await post(admin, officialsOf(org), input), 409, 'CONFLICT', 'nip');
    expectRefused(await post(await tokenOf(cilegon, ADMIN), officialsOf(cilegon), input), 409, 'CONFLICT', 'nip');

    // Found by a part of the name and by the start of the NIP; filtered by state.
    const byName = expectStatus(await get(admin, `${officialsOf(org)}?q=${encodeURIComponent('Sari Dew')}`), 200).body;
    expect(byName.items.map((o: { id: string }) => o.id)).toEqual([id]);
    const byNip = expectStatus(await get(admin, `${officialsOf(org)}?q=${nip.slice(0, 14)}`), 200).body;
    expect(byNip.items.map((o: { nip: string }) => o.nip)).toEqual([nip]);
    expect(expectStatus(await get(admin, `${officialsOf(org)}?active=false`), 200).body.items).toEqual([]);

    const kadis = expectStatus(await get(admin, `/api/v1/admin/officials/${org.officials.KADIS.id}`), 200).body;
    expect(kadis).toMatchObject({ nip: org.officials.KADIS.nip, titledName: 'H. Rahmat Hidayat, S.E., M.Si.', rank: 'Pembina Utama Muda (IV/c)' });
    expect(kadis.assignments).toEqual([
      expect.objectContaining({
        positionId: org.positions.KADIS,
        positionCode: 'KADIS',
        kind: 'definitif',
        validTo: null,
        inForce: true,
        decreeRef: null,
      }),
    ]);

    const edit = { name: 'Ratna Sari Dewi', gelarDepan: 'Dr.', rank: 'Penata Muda Tingkat I (III/b)', email: null };
    const edited = expectStatus(await patch(admin, `/api/v1/admin/officials/${id}`, edit), 200).body;
    expect(edited).toMatchObject({ gelarDepan: 'Dr.', rank: 'Penata Muda Tingkat I (III/b)', email: null, titledName: 'Dr. Ratna Sari Dewi, S.AP.' });
    expectStatus(await patch(admin, `/api/v1/admin/officials/${id}`, edit), 200);
    // The NIP never changes: the same one may be sent, another is refused saying so.
    expectStatus(await patch(admin, `/api/v1/admin/officials/${id}`, { nip }), 200);
    const nipChange = await patch(admin, `/api/v1/admin/officials/${id}`, { nip: randomNip(), name: 'Lain' });
    expectRefused(nipChange, 422, 'RULE_VIOLATION', 'nip');
    expect(nipChange.body.message).toMatch(/^NIP tidak dapat diubah/);
    expect(await stored(id)).toMatchObject({ nip, name: 'Ratna Sari Dewi' });

    const rows = (await trail(org.id)).filter((r) => r.subject === nip);
    expect(rows.map((r) => [r.action, r.actorOfficialId, r.before, r.after])).toEqual([
      [
        'official_created',
        org.officials[ADMIN].id,
        null,
        {
          id,
          nip,
          name: 'Ratna Sari Dewi',
          gelarDepan: '',
          gelarBelakang: 'S.AP.',
          rank: 'Penata Muda (III/a)',
          email: 'ratna@batam.go.id',
          roles: [],
          active: true,
          mustChangePassword: true,
        },
      ],
      [
        'official_updated',
        org.officials[ADMIN].id,
        expect.objectContaining({ gelarDepan: '', rank: 'Penata Muda (III/a)', email: 'ratna@batam.go.id' }),
        expect.objectContaining({ gelarDepan: 'Dr.', rank: 'Penata Muda Tingkat I (III/b)', email: null }),
      ],
    ]);
    expect(JSON.stringify(rows)).not.toContain(created.body.temporaryPassword);
    expect(JSON.stringify(rows)).not.toMatch(/argon2/);
    await intact(org.id);
  });

  it('the list pages by name with a cursor, every official once', async () => {
    const admin = await tokenOf(batam, ADMIN);
    const seen: Array<{ id: string; name: string }> = [];
    let cursor: string | null = null;
    do {
      const page: { items: Array<{ id: string; name: string }>; nextCursor: string | null } = expectStatus(
        await get(admin, `${officialsOf(batam)}?limit=7${cursor ? `&cursor=${cursor}` : ''}`),
        200,
      ).body;
      expect(page.items.length).toBeLessThanOrEqual(7);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    const all = await (
      await testDataSource()
    )
      .getRepository(OfficialEntity)
      .find({ where: { organizationId: batam.id }, order: { name: 'ASC', id: 'ASC' } });
    expect(seen.map((o) => o.id)).toEqual(all.map((o) => o.id));
    expect(new Set(seen.map((o) => o.id)).size).toBe(seen.length);
  });

  it('roles: an administrator gives "admin"; only a city administrator gives or takes "city-admin"; nobody removes their own last administrative role', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const cityAdmin = await tokenOf(org, ADMIN);
    // An organisation administrator who is not the city's.
    const made = expectStatus(
      await post(cityAdmin, officialsOf(org), { nip: randomNip(), name: 'Admin Dinas', rank: 'Penata (III/c)', roles: ['admin'] }),
      201,
    ).body;
    expect(made.official.roles).toEqual(['admin']);
    const orgAdmin = await signInFirstTime(made.official.nip, made.temporaryPassword);

    expectRefused(
      await post(orgAdmin, officialsOf(org), { nip: randomNip(), name: 'Calon Admin Kota', rank: 'Penata (III/c)', roles: ['city-admin'] }),
      403,
      'FORBIDDEN',
      'roles',
    );
    expectRefused(
      await patch(orgAdmin, `/api/v1/admin/officials/${org.officials.KADIS.id}`, { roles: ['admin', 'city-admin'] }),
      403,
      'FORBIDDEN',
      'roles',
    );
    // Nor take it from the city's administrator, whose account only a city administrator changes at all.
    expectRefused(await patch(orgAdmin, `/api/v1/admin/officials/${org.officials[ADMIN].id}`, { roles: ['admin'] }), 403, 'FORBIDDEN', 'id');
    // The city administrator keeping the role while editing the rest is no change of it.
    expectStatus(await patch(cityAdmin, `/api/v1/admin/officials/${org.officials[ADMIN].id}`, { roles: ['city-admin', 'admin'] }), 200);

    // An administrator gives "admin": the new administrator acts at once.
    const analis = org.officials['PPK-ANALIS'];
    expect(expectStatus(await patch(orgAdmin, `/api/v1/admin/officials/${analis.id}`, { roles: ['admin'] }), 200).body.roles).toEqual(['admin']);
    const analisToken = await tokenOf(org, 'PPK-ANALIS');
    expectStatus(await get(analisToken, officialsOf(org)), 200);
    expectStatus(await patch(orgAdmin, `/api/v1/admin/officials/${analis.id}`, { roles: [] }), 200);
    expectRefused(await get(analisToken, officialsOf(org)), 403, 'FORBIDDEN');

    // Their own last administrative role: refused; the city's administrator may drop one of two.
    const self = await patch(orgAdmin, `/api/v1/admin/officials/${made.official.id}`, { roles: [] });
    expectRefused(self, 422, 'RULE_VIOLATION', 'roles');
    expect(self.body.pasal).toMatch(/^Ketentuan aplikasi ini/);
    expectRefused(await patch(cityAdmin, `/api/v1/admin/officials/${org.officials[ADMIN].id}`, { roles: [] }), 422, 'RULE_VIOLATION', 'roles');
    expect(
      expectStatus(await patch(cityAdmin, `/api/v1/admin/officials/${org.officials[ADMIN].id}`, { roles: ['city-admin'] }), 200).body.roles,
    ).toEqual(['city-admin']);
    expect((await stored(made.official.id)).roles).toEqual(['admin']);
    await intact(org.id);
  });
});

describe('an administrator cannot take over an account above his own', () => {
  it('an organisation administrator may not edit, reset, deactivate or strip the city administrator (who would then be him); the city administrator may', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const cityAdmin = await tokenOf(org, ADMIN);
    const cityAdminId = org.officials[ADMIN].id;
    expectStatus(await patch(cityAdmin, `/api/v1/admin/officials/${org.officials[CLERK].id}`, { roles: ['admin'] }), 200);
    const orgAdmin = await tokenOf(org, CLERK);
    const before = await stored(cityAdminId);
    const eventsBefore = (await trail(org.id)).length;

    // The attack, step by step: each refused, nothing changed.
    expectRefused(await patch(orgAdmin, `/api/v1/admin/officials/${cityAdminId}`, { email: 'penyerang@example.com' }), 403, 'FORBIDDEN', 'id');
    const reset = await post(orgAdmin, `/api/v1/officials/${cityAdminId}/password-reset`, { reason: 'lupa kata sandi' });
    expectRefused(reset, 403, 'FORBIDDEN');
    expect(reset.body.temporaryPassword).toBeUndefined();
    expectRefused(await post(orgAdmin, `/api/v1/officials/${cityAdminId}/deactivate`, { reason: 'mutasi' }), 403, 'FORBIDDEN');
    expectRefused(await patch(orgAdmin, `/api/v1/admin/officials/${cityAdminId}`, { roles: ['city-admin'] }), 403, 'FORBIDDEN', 'id');
    // Nor through the CSV import, row by row (an update of his data is refused with the reason).
    const nipOfCityAdmin = org.officials[ADMIN].nip;
    const viaCsv = expectStatus(
      await importCsv(orgAdmin, org.id, `${HEADER}\n${nipOfCityAdmin},Nama Lain,,,Pengatur (II/c),,penyerang@example.com,,\n`),
      200,
    ).body;
    expect(viaCsv).toMatchObject({
      updated: 0,
      refused: 1,
      refusals: [{ line: 2, nip: nipOfCityAdmin, field: 'nip', reason: expect.stringMatching(/peran administrator yang tidak Anda pegang/) }],
    });
    const after = await stored(cityAdminId);
    expect({ email: after.email, roles: after.roles, active: after.active, hash: after.passwordHash }).toEqual({
      email: before.email,
      roles: before.roles,
      active: before.active,
      hash: before.passwordHash,
    });
    expect((await trail(org.id)).length).toBe(eventsBefore);
    expectStatus(await get(cityAdmin, officialsOf(org)), 200);

    // Peers: an organisation administrator manages another one, and the city administrator manages both.
    expectStatus(await patch(cityAdmin, `/api/v1/admin/officials/${org.officials['UMPEG-ARSIP'].id}`, { email: 'arsip@batam.go.id' }), 200);
    expectStatus(await patch(orgAdmin, `/api/v1/admin/officials/${org.officials.SEKRETARIS.id}`, { roles: ['admin'] }), 200);
    const sekretaris = await tokenOf(org, 'SEKRETARIS');
    expectStatus(await patch(sekretaris, `/api/v1/admin/officials/${org.officials[CLERK].id}`, { email: 'sdm@batam.go.id' }), 200);
    expectStatus(await post(cityAdmin, `/api/v1/officials/${org.officials[CLERK].id}/password-reset`, { reason: 'uji' }), 200);
    await intact(org.id);
  });
});

describe('who may not, and malformed input', () => {
  it('no token: 401 on every route', async () => {
    const id = batam.officials.KADIS.id;
    for (const res of [
      await api.http.get(officialsOf(batam)),
      await api.http.post(officialsOf(batam)).send({ nip: randomNip(), name: 'X', rank: 'Y' }),
      await api.http
        .post(`${officialsOf(batam)}/import`)
        .set('Content-Type', 'text/csv')
        .send('nip\n'),
      await api.http.get(`/api/v1/admin/officials/${id}`),
      await api.http.patch(`/api/v1/admin/officials/${id}`).send({ name: 'X' }),
      await api.http.post(`/api/v1/admin/officials/${id}/transfer`).send({}),
    ]) {
      expectRefused(res, 401, 'UNAUTHENTICATED');
    }
  });

  it('a clerk: 403 everywhere, even for an id that does not exist; another office’s administrator: 403 on its organisation, 404 for its officials (like an unknown id)', async () => {
    const clerk = await tokenOf(batam, CLERK);
    const target = batam.officials['PPUM-ADM'].id;
    const body = { nip: randomNip(), name: 'Pegawai Baru', rank: 'Pengatur (II/c)' };
    for (const token of [clerk, await tokenOf(cilegon, ADMIN)]) {
      expectRefused(await get(token, officialsOf(batam)), 403, 'FORBIDDEN');
      expectRefused(await post(token, officialsOf(batam), body), 403, 'FORBIDDEN');
      expectRefused(
        await importCsv(token, batam.id, `nip,nama,gelar_depan,gelar_belakang,pangkat_golongan,jabatan,email\n${body.nip},X,,,Y,,\n`),
        403,
        'FORBIDDEN',
      );
    }
    for (const id of [target, UNKNOWN]) {
      expectRefused(await get(clerk, `/api/v1/admin/officials/${id}`), 403, 'FORBIDDEN');
      expectRefused(await patch(clerk, `/api/v1/admin/officials/${id}`, { name: 'X' }), 403, 'FORBIDDEN');
      for (const op of ['deactivate', 'activate', 'password-reset'])
        expectRefused(await post(clerk, `/api/v1/officials/${id}/${op}`), 403, 'FORBIDDEN');
    }
    const other = await tokenOf(cilegon, ADMIN);
    for (const id of [target, UNKNOWN]) {
      expectRefused(await get(other, `/api/v1/admin/officials/${id}`), 404, 'NOT_FOUND');
      expectRefused(await patch(other, `/api/v1/admin/officials/${id}`, { name: 'X' }), 404, 'NOT_FOUND');
      expectRefused(
        await post(other, `/api/v1/admin/officials/${id}/transfer`, {
          toPositionId: batam.positions.KADIS,
          effectiveFrom: '2026-07-01',
          decreeRef: 'SK 1',
        }),
        404,
        'NOT_FOUND',
      );
    }
    // The city's administrator: every organisation of the city, none of another (404, like one that does not exist).
    const batamCity = await tokenOf(batam, ADMIN);
    const neighbour = await createTestOrganization('batam-dkum.yaml');
    expectStatus(await get(batamCity, officialsOf(neighbour)), 200);
    expectStatus(await get(batamCity, `/api/v1/admin/officials/${neighbour.officials.KADIS.id}`), 200);
    expectRefused(await get(batamCity, officialsOf(cilegon)), 404, 'NOT_FOUND');
    expectRefused(await get(batamCity, `/api/v1/admin/officials/${cilegon.officials.KADIS.id}`), 404, 'NOT_FOUND');
    expectRefused(await get(batamCity, officialsOf(UNKNOWN)), 404, 'NOT_FOUND');
    expect(await stored(target)).toMatchObject({ name: batam.officials['PPUM-ADM'].name, active: true });
  });

  it('malformed ids, queries and bodies are 400 naming the field, never a 5xx', async () => {
    const admin = await tokenOf(batam, ADMIN);
    for (const id of ['abc', '123', `${UNKNOWN}x`, "' OR 1=1 --"]) {
      expectRefused(await get(admin, officialsOf(encodeURIComponent(id))), 400, 'INVALID_INPUT', 'orgId');
      expectRefused(await get(admin, `/api/v1/admin/officials/${encodeURIComponent(id)}`), 400, 'INVALID_INPUT', 'id');
    }
    const queries: Array<[string, string]> = [
      ['limit=0', 'limit'],
      ['limit=201', 'limit'],
      ['limit=x', 'limit'],
      ['active=yes', 'active'],
      ['cursor=bukan-kursor', 'cursor'],
      ['q=a', 'q'],
      ['unknown=1', 'unknown'],
    ];
    for (const [query, field] of queries) expectRefused(await get(admin, `${officialsOf(batam)}?${query}`), 400, 'INVALID_INPUT', field);

    const ok = { nip: randomNip(), name: 'Pegawai Uji', rank: 'Pengatur (II/c)' };
    const bodies: Array<[object, string]> = [
      [{ ...ok, nip: '12345' }, 'nip'],
      [{ ...ok, nip: '199013322015031002' }, 'nip'],
      [{ ...ok, nip: 1991103020 }, 'nip'],
      [{ ...ok, name: '   ' }, 'name'],
      [{ ...ok, name: 'x'.repeat(151) }, 'name'],
      [{ ...ok, name: 'a\u0000b' }, 'name'],
      [{ nip: ok.nip, name: ok.name }, 'rank'],
      [{ ...ok, email: 'bukan surel' }, 'email'],
      [{ ...ok, roles: ['root'] }, 'roles'],
      [{ ...ok, roles: 'admin' }, 'roles'],
      [{ ...ok, roles: ['admin', 'admin'] }, 'roles'],
      [{ ...ok, active: false }, 'active'],
    ];
    for (const [body, field] of bodies) expectRefused(await post(admin, officialsOf(batam), body), 400, 'INVALID_INPUT', field);
    const id = batam.officials['PPUM-ADM'].id;
    const edits: Array<[object, string]> = [
      [{ name: '' }, 'name'],
      [{ email: 'x' }, 'email'],
      [{ rank: 5 }, 'rank'],
      [{ roles: [1] }, 'roles'],
      [{ mustChangePassword: false }, 'mustChangePassword'],
    ];
    for (const [body, field] of edits) expectRefused(await patch(admin, `/api/v1/admin/officials/${id}`, body), 400, 'INVALID_INPUT', field);
    const transfers: Array<[object, string]> = [
      [{ toPositionId: 'x', effectiveFrom: '2026-07-01', decreeRef: 'SK 1' }, 'toPositionId'],
      [{ toPositionId: batam.positions.KADIS, effectiveFrom: '2026-02-30', decreeRef: 'SK 1' }, 'effectiveFrom'],
      [{ toPositionId: batam.positions.KADIS, effectiveFrom: '2026-07-01', decreeRef: ' ' }, 'decreeRef'],
      [{ toPositionId: batam.positions.KADIS, effectiveFrom: '2026-07-01' }, 'decreeRef'],
    ];
    for (const [body, field] of transfers)
      expectRefused(await post(admin, `/api/v1/admin/officials/${id}/transfer`, body), 400, 'INVALID_INPUT', field);
    const broken = await api.http.post(officialsOf(batam)).set(auth(admin)).set('Content-Type', 'application/json').send('{"nip": ');
    expectRefused(broken, 400, 'INVALID_INPUT');
    expect(await (await testDataSource()).getRepository(OfficialEntity).countBy({ nip: ok.nip })).toBe(0);
  });
});

describe('accounts: deactivation ends every token at once; the city’s administrator may act too; both trails record it', () => {
  it('an official deactivated mid-session gets 401 on the next request (this process at once, another within its cache time)', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const other = await startApi();
    try {
      const target = org.officials['PKSP-ADM'];
      const token = await api.login(target.nip, undefined, { tte: false });
      expectStatus(await get(token, '/api/v1/me'), 200);
      // The second API process has read (and cached) the official too.
      expectStatus(await other.http.get('/api/v1/me').set(auth(token)), 200);

      // The city's administrator, from another office of the city.
      const cityAdmin = await tokenOf(batam, ADMIN);
      const off = expectStatus(await post(cityAdmin, `/api/v1/officials/${target.id}/deactivate`, { reason: 'Pindah ke luar daerah' }), 200);
      expect(off.body).toMatchObject({ id: target.id, active: false });
      const at = Date.now();
      expectRefused(await get(token, '/api/v1/me'), 401, 'UNAUTHENTICATED');
      expectRefused(await get(token, '/api/v1/inbox'), 401, 'UNAUTHENTICATED');
      await expectEventually(
        async () => expectRefused(await other.http.get('/api/v1/me').set(auth(token)), 401, 'UNAUTHENTICATED'),
        SESSION_CACHE_MS + 5_000,
        100,
      );
      expect(Date.now() - at).toBeLessThan(SESSION_CACHE_MS + 5_000);
      expectRefused(await api.http.post('/api/v1/auth/login').send({ nip: target.nip, password: DEMO_PASSWORD }), 401, 'INVALID_CREDENTIALS');
      // Again: nothing changes, nothing is recorded.
      expectStatus(await post(cityAdmin, `/api/v1/officials/${target.id}/deactivate`), 200);

      expectStatus(await post(cityAdmin, `/api/v1/officials/${target.id}/activate`), 200);
      const reset = expectStatus(await post(cityAdmin, `/api/v1/officials/${target.id}/password-reset`, { reason: 'Lupa kata sandi' }), 200);
      expect(reset.body.official).toMatchObject({ active: true, mustChangePassword: true });
      await signInFirstTime(target.nip, reset.body.temporaryPassword);

      const city = batam.officials[ADMIN].id;
      const rows = (await trail(org.id)).filter((r) => r.subject === target.nip);
      expect(rows.map((r) => [r.action, r.actorOfficialId, r.before, r.after])).toEqual([
        [
          'official_deactivated',
          city,
          { nip: target.nip, active: true },
          { nip: target.nip, active: false, tokensRevoked: true, reason: 'Pindah ke luar daerah' },
        ],
        ['official_activated', city, { nip: target.nip, active: false }, { nip: target.nip, active: true, tokensRevoked: true, reason: null }],
        [
          'official_password_reset',
          city,
          { nip: target.nip, mustChangePassword: false },
          { nip: target.nip, mustChangePassword: true, tokensRevoked: true, reason: 'Lupa kata sandi' },
        ],
      ]);
      expect(JSON.stringify(rows)).not.toContain(reset.body.temporaryPassword);
      expect((await accountTrail(target.id)).map((r) => [r.action, r.actorOfficialId])).toEqual([
        ['deactivated', city],
        ['activated', city],
        ['password_reset', city],
        ['password_changed', target.id],
      ]);
      await intact(org.id);
      expect(await verifyAccountAuditChain((await testDataSource()).manager, target.id)).toBeNull();
    } finally {
      await other.close();
    }
  });
});

const HEADER = 'nip,nama,gelar_depan,gelar_belakang,pangkat_golongan,jabatan,email,mulai,sk';

describe('CSV import: every refused row reported with its line and reason, the valid rows imported all the same', () => {
  it('a file mixing good and bad rows; dryRun checks only; the same file again changes nothing', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const admin = await tokenOf(org, ADMIN);
    const today = todayInJakarta();
    // The Analis Anggaran retires yesterday: the post is free from today.
    const holder = expectStatus(await get(admin, `/api/v1/admin/officials/${org.officials['PP-ANGGARAN'].id}`), 200).body.assignments[0];
    expectStatus(await patch(admin, `/api/v1/admin/assignments/${holder.id}`, { validTo: addDays(today, -1) }), 200);
    const analis = expectStatus(await get(admin, `/api/v1/admin/officials/${org.officials['PPK-ANALIS'].id}`), 200).body;
    const penyuluh = expectStatus(await get(admin, `/api/v1/admin/officials/${org.officials['PPK-PENYULUH'].id}`), 200).body;
    const [a, b, dup, spaced] = [randomNip(), randomNip(), randomNip(), randomNip()];
    const printed = `${spaced.slice(0, 8)} ${spaced.slice(8, 14)} ${spaced.slice(14, 15)} ${spaced.slice(15)}`;
    const lines = [
      HEADER,
      /* 2 */ `${a},Wulan Permata,,S.E.,Penata Muda (III/a),,wulan@batam.go.id,,`,
      /* 3 */ `${b},"Hasan, Basri",,,Pengatur (II/c),PP-ANGGARAN,,,Keputusan Wali Kota Batam Nomor 821/77/BKPSDM/2026`,
      /* 4 */ `12345,Salah NIP,,,Pengatur (II/c),,,,`,
      /* 5 */ `${dup},Kembar Satu,,,Pengatur (II/c),,,,`,
      /* 6 */ `${dup},Kembar Dua,,,Pengatur (II/c),,,,`,
      /* 7 */ `${cilegon.officials.KADIS.nip},Pegawai Cilegon,,,Pembina (IV/a),,,,`,
      /* 8 */ `${randomNip()},Jabatan Asing,,,Pengatur (II/c),TIDAK-ADA,,,SK 3`,
      /* 9 */ `${randomNip()},Calon Kepala,,,Pembina (IV/a),KADIS,,,SK 1`,
      /* 10 */ `${randomNip()},,,,Pengatur (II/c),,,,`,
      /* 11 */ `${randomNip()},Tanpa Pangkat,,,,,,,`,
      /* 12 */ `${randomNip()},Surel Rusak,,,Pengatur (II/c),,bukan-surel,,`,
      /* 13 */ `${randomNip()},Tanggal Rusak,,,Pengatur (II/c),UMPEG-SDM,,2026-13-01,SK 2`,
      /* 14 */ `${analis.nip},${analis.name},,${analis.gelarBelakang},Penata Muda Tingkat I (III/b),,${analis.email ?? ''},,`,
      /* 15 */ `${penyuluh.nip},${penyuluh.name},,${penyuluh.gelarBelakang},${penyuluh.rank},,${penyuluh.email ?? ''},,`,
      /* 16 */ `${randomNip()},Kolom Kurang,,`,
      /* 17 */ `${printed},Spasi Nip,,,Pengatur Muda (II/a),,,,`,
      /* 18 */ `${randomNip()},Tanpa SK,,,Pengatur (II/c),UMPEG-SDM,,,`,
    ];
    const file = `${lines.join('\r\n')}\r\n`;
    const expectedRefusals = [
      { line: 4, nip: '12345', field: 'nip', reason: 'NIP harus 18 digit angka' },
      { line: 5, nip: dup, field: 'nip', reason: 'NIP ini muncul lebih dari sekali dalam berkas (baris 5, 6)' },
      { line: 6, nip: dup, field: 'nip', reason: 'NIP ini muncul lebih dari sekali dalam berkas (baris 5, 6)' },
      { line: 7, nip: cilegon.officials.KADIS.nip, field: 'nip', reason: expect.stringMatching(/organisasi lain/) },
      { line: 8, nip: expect.any(String), field: 'jabatan', reason: 'kode jabatan TIDAK-ADA tidak dikenal pada organisasi ini' },
      {
        line: 9,
        nip: expect.any(String),
        field: 'jabatan',
        reason: expect.stringMatching(/^Jabatan Kepala Dinas .* sudah dipangku pejabat definitif \(H\. Rahmat Hidayat/),
      },
      { line: 10, nip: expect.any(String), field: 'nama', reason: 'nama wajib diisi' },
      { line: 11, nip: expect.any(String), field: 'pangkat_golongan', reason: 'pangkat/golongan wajib diisi' },
      { line: 12, nip: expect.any(String), field: 'email', reason: 'alamat surel tidak sah' },
      { line: 13, nip: expect.any(String), field: 'mulai', reason: 'tanggal mulai harus berupa tanggal YYYY-MM-DD yang ada' },
      { line: 16, nip: expect.any(String), field: 'baris', reason: 'baris ini berisi 4 kolom, baris judul 9' },
      { line: 18, nip: expect.any(String), field: 'sk', reason: 'nomor SK wajib diisi bila jabatan diisi (penugasan ditetapkan dengan keputusan)' },
    ];
    const counts = { rows: 17, created: 3, updated: 1, unchanged: 1, assigned: 1, refused: 12 };

    const checked = expectStatus(await importCsv(admin, org.id, file, '?dryRun=true'), 200).body;
    expect(checked).toMatchObject({ dryRun: true, ...counts, refusals: expectedRefusals });
    expect(checked.message).toMatch(/^Pemeriksaan saja, tidak ada yang disimpan/);
    expect(await (await testDataSource()).getRepository(OfficialEntity).countBy({ nip: a })).toBe(0);
    expect((await trail(org.id)).map((r) => r.action)).not.toContain('officials_imported');

    const done = expectStatus(await importCsv(admin, org.id, file), 200).body;
    expect(done).toMatchObject({ dryRun: false, ...counts, refusals: expectedRefusals });
    expect(done.message).toMatch(/Baris yang valid tetap diimpor walaupun ada baris yang ditolak/);
    expect(done.message).toMatch(/Impor tidak memberikan kata sandi: atur ulang kata sandi setiap pegawai baru/);
    expect(done).not.toHaveProperty('temporaryPassword');

    const list = expectStatus(await get(admin, `${officialsOf(org)}?limit=200`), 200).body.items as Array<Record<string, unknown>>;
    const byNip = (nip: string) =>
      list.find((o) => o.nip === nip) as Record<string, unknown> & { id: string; assignments: Array<Record<string, unknown>> };
    expect(byNip(a)).toMatchObject({
      name: 'Wulan Permata',
      gelarBelakang: 'S.E.',
      email: 'wulan@batam.go.id',
      mustChangePassword: true,
      roles: [],
      assignments: [],
    });
    expect(byNip(b)).toMatchObject({ name: 'Hasan, Basri' });
    expect(byNip(b).assignments).toEqual([
      expect.objectContaining({
        positionCode: 'PP-ANGGARAN',
        kind: 'definitif',
        validFrom: today,
        validTo: null,
        decreeRef: 'Keputusan Wali Kota Batam Nomor 821/77/BKPSDM/2026',
        inForce: true,
      }),
    ]);
    expect(byNip(spaced)).toMatchObject({ name: 'Spasi Nip' });
    expect(byNip(analis.nip)).toMatchObject({ rank: 'Penata Muda Tingkat I (III/b)' });
    for (const refused of [dup, cilegon.officials.KADIS.nip]) expect(list.some((o) => o.nip === refused)).toBe(false);

    // Nobody can sign in as an imported official until the administrator resets the password.
    expectRefused(await api.http.post('/api/v1/auth/login').send({ nip: a, password: DEMO_PASSWORD }), 401, 'INVALID_CREDENTIALS');
    const reset = expectStatus(await post(admin, `/api/v1/officials/${byNip(a).id}/password-reset`), 200).body;
    await signInFirstTime(a, reset.temporaryPassword);

    const imported = (await trail(org.id)).filter((r) => r.action === 'officials_imported');
    expect(imported).toHaveLength(1);
    expect(imported[0].actorOfficialId).toBe(org.officials[ADMIN].id);
    expect((imported[0].after as { created: Array<{ nip: string }> }).created.map((o) => o.nip).sort()).toEqual([a, b, spaced].sort());
    expect(imported[0].after).toMatchObject({
      assignments: [expect.objectContaining({ nip: b, positionCode: 'PP-ANGGARAN', kind: 'definitif', validFrom: today })],
    });
    expect(imported[0].before).toEqual({ officials: [expect.objectContaining({ nip: analis.nip, rank: analis.rank })] });

    // The same file again: every valid row is as stored, nothing is written or recorded.
    const again = expectStatus(await importCsv(admin, org.id, file), 200).body;
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 5, assigned: 0, refused: 12 });
    expect((await trail(org.id)).filter((r) => r.action === 'officials_imported')).toHaveLength(1);
    await intact(org.id);
  });

  it('a spreadsheet’s semicolons and byte-order mark are read; a quoted name may hold a comma', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const nip = randomNip();
    const file = `\ufeffNIP;Nama;Gelar_Depan;Gelar_Belakang;Pangkat_Golongan;Jabatan;Email\n${nip};"Siregar, Tigor";Ir.;;Penata (III/c);;\n`;
    const res = expectStatus(await importCsv(await tokenOf(org, ADMIN), org.id, file), 200).body;
    expect(res).toMatchObject({ rows: 1, created: 1, refused: 0, refusals: [] });
    expect(await (await testDataSource()).getRepository(OfficialEntity).findOneByOrFail({ nip })).toMatchObject({
      name: 'Siregar, Tigor',
      gelarDepan: 'Ir.',
      organizationId: org.id,
      mustChangePassword: true,
    });
  });

  it('a malformed file is refused whole (400 naming the problem); another media type is 415', async () => {
    const admin = await tokenOf(batam, ADMIN);
    const row = (nip = randomNip()) => `${nip},Nama Uji,,,Pengatur (II/c),,,,`;
    const files: Array<[string, string, RegExp]> = [
      ['', 'body', /Berkas kosong/],
      ['  \r\n\r\n', 'body', /Berkas kosong/],
      [`${HEADER}\n`, 'body', /hanya berisi baris judul/],
      [`nip,nama,gelar_depan,gelar_belakang,jabatan,email\n${row()}`, 'pangkat_golongan', /kolom wajib/],
      [`${HEADER},catatan\n${row()},x`, 'catatan', /kolom tidak dikenal/],
      [`${HEADER},nip\n${row()},x`, 'nip', /lebih dari sekali/],
      [`${HEADER}\n${randomNip()},"Nama tanpa tutup,,,Pengatur (II/c),,,,\n`, 'body', /tanda petik/],
      [`${HEADER}\n${Array.from({ length: 5001 }, () => row()).join('\n')}\n`, 'body', /Paling banyak 5000 baris/],
    ];
    for (const [file, field, reason] of files) {
      const res = await importCsv(admin, batam.id, file);
      expectRefused(res, 400, 'INVALID_INPUT', field);
      expect(JSON.stringify(res.body)).toMatch(reason);
    }
    expectRefused(
      await api.http
        .post(`${officialsOf(batam)}/import`)
        .set(auth(admin))
        .set('Content-Type', 'application/json')
        .send({ nip: randomNip() }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expectRefused(await importCsv(admin, batam.id, `${HEADER}\n${row()}\n`, '?dryRun=ya'), 400, 'INVALID_INPUT', 'dryRun');
    expect((await trail(batam.id)).filter((r) => r.action === 'officials_imported')).toEqual([]);
  });
});
