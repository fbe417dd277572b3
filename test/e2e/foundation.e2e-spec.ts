import { createOpenApiDocumentOffline } from '@naskah/api';
import { expectStatus, TestApi, startApi } from '../support/api';
import { closeTestDataSource, createTestOrganization } from '../support/fixtures';

const BATAM_KADIS = '197203141998031004';
const BATAM_CLERK = '199110302015031002';
const CILEGON_KADIS = '197104221997031003';

interface UnitTree {
  id: string;
  code: string;
  name: string;
  kind: string;
  pasal: string;
  reportsViaUnitId: string | null;
  reportsViaPasal: string | null;
  positions: Array<{
    code: string;
    title: string;
    level: number;
    isHead: boolean;
    authority: Record<string, boolean>;
    authorityPasal: string;
    holders: Array<{ nip: string; assignmentKind: string }>;
  }>;
  units: UnitTree[];
}

const flat = (u: UnitTree): UnitTree[] => [u, ...u.units.flatMap(flat)];

describe('foundation: login, organisations and their charts over HTTP', () => {
  let api: TestApi;
  let orgs: Array<{ id: string; code: string; name: string; discrepancies: unknown[] }>;

  beforeAll(async () => {
    api = await startApi();
    const token = await api.login(BATAM_KADIS);
    orgs = (await api.as(token).get('/api/v1/organizations').expect(200)).body;
  });
  afterAll(() => api.close());

  const tree = async (nip: string, code: string): Promise<UnitTree[]> => {
    const token = await api.login(nip);
    const org = orgs.find((o) => o.code === code)!;
    return (await api.as(token).get(`/api/v1/organizations/${org.id}/units`).expect(200)).body;
  };

  it('lists both seed organisations as data', () => {
    expect(orgs.map((o) => o.code)).toEqual(expect.arrayContaining(['BTM-DKUM', 'CLG-DKUKM']));
    expect(orgs.find((o) => o.code === 'BTM-DKUM')!.name).toBe('Dinas Koperasi dan Usaha Mikro');
  });

  it('Batam 14/2023: 9 units, 25 positions, levels and authority as the Perwako states', async () => {
    const [root] = await tree(BATAM_KADIS, 'BTM-DKUM');
    const units = flat(root);
    const positions = units.flatMap((u) => u.positions);
    expect(units).toHaveLength(9);
    expect(positions).toHaveLength(25);
    const byLevel = [1, 2, 3, 4].map((l) => positions.filter((p) => p.level === l).length);
    expect(byLevel).toEqual([1, 5, 3, 16]);
    expect(units.filter((u) => u.kind === 'bidang').map((u) => u.name)).toEqual([
      'Bidang Izin Usaha Simpan Pinjam/Koperasi Simpan Pinjam, Pengawasan dan Pemeriksaan',
      'Bidang Penilaian Kesehatan Simpan Pinjam/Koperasi Simpan Pinjam',
      'Bidang Pemberdayaan dan Perlindungan Koperasi',
      'Bidang Pemberdayaan dan Pengembangan Usaha Mikro',
    ]);
    const sekretariat = root.units.find((u) => u.code === 'SEKRETARIAT')!;
    expect(sekretariat.units.map((u) => u.name)).toEqual(['Sub Bagian Umum dan Kepegawaian', 'Sub Bagian Perencanaan Program']);
    const kadis = root.positions.find((p) => p.isHead)!;
    expect(kadis).toMatchObject({
      level: 1,
      authority: { check: true, return: true, paraf: false, sign: true },
      authorityPasal: 'Pasal 3 ayat (4) huruf j',
    });
    expect(kadis.holders).toEqual([expect.objectContaining({ nip: BATAM_KADIS, assignmentKind: 'definitif' })]);
    expect(sekretariat.positions.find((p) => p.isHead)).toMatchObject({
      authority: { check: true, return: true, paraf: true, sign: true },
      authorityPasal: 'Pasal 4 ayat (4) huruf cc',
    });
    // Batam Bidang report to the Kepala Dinas directly.
    expect(units.filter((u) => u.kind === 'bidang').every((u) => u.reportsViaUnitId === null)).toBe(true);
    // Every leadership position is filled; every working unit has at least two clerks.
    for (const u of units) {
      expect(u.positions.find((p) => p.isHead)!.holders).toHaveLength(1);
      if (u.kind !== 'dinas') expect(u.positions.filter((p) => !p.isHead && p.holders.length).length).toBeGreaterThanOrEqual(2);
    }
  });

  it('Batam: the copy errors of the text are kept as notes on the organisation', () => {
    const batam = orgs.find((o) => o.code === 'BTM-DKUM')!;
    expect(batam.discrepancies).toEqual(
      expect.arrayContaining([expect.objectContaining({ pasal: 'Pasal 1 angka 8' }), expect.objectContaining({ pasal: 'Pasal 8 ayat (1)' })]),
    );
  });

  it('Cilegon 18/2022: 8 units (a Kelompok Jabatan Fungsional of its own, Pasal 3(1)e), 23 positions, PEPK paraf only (Pasal 16 f.3), Bidang through the Sekretaris (Pasal 3(3))', async () => {
    const [root] = await tree(CILEGON_KADIS, 'CLG-DKUKM');
    const units = flat(root);
    const positions = units.flatMap((u) => u.positions);
    expect(units).toHaveLength(8);
    expect(positions).toHaveLength(23);
    expect([1, 2, 3, 4].map((l) => positions.filter((p) => p.level === l).length)).toEqual([1, 3, 3, 16]);
    const kjf = root.units.find((u) => u.code === 'KJF')!;
    expect(kjf).toMatchObject({ kind: 'kelompok-fungsional', pasal: expect.stringMatching(/^Pasal 3 ayat \(1\) huruf e/) });
    expect(kjf.positions.filter((p) => p.isHead)).toEqual([]);
    expect(kjf.positions.map((p) => p.holders.length)).toEqual([1, 1]);
    const sekretariat = units.find((u) => u.code === 'SEKRETARIAT')!;
    const pepk = units.find((u) => u.code === 'PEPK')!.positions.find((p) => p.isHead)!;
    expect(pepk).toMatchObject({
      title: 'Kepala Sub Bagian Perencanaan, Evaluasi, Pelaporan dan Keuangan',
      level: 3,
      authority: { check: true, return: true, paraf: true, sign: false },
      authorityPasal: 'Pasal 16 huruf f angka 3',
    });
    for (const code of ['KOP', 'UMKM']) {
      const bidang = units.find((u) => u.code === code)!;
      expect(bidang.reportsViaUnitId).toBe(sekretariat.id);
      expect(bidang.reportsViaPasal).toMatch(/^Pasal 3 ayat \(3\)/);
    }
  });

  it('GET /me names the official, the organisation and the positions held', async () => {
    const token = await api.login(BATAM_CLERK);
    const me = (await api.as(token).get('/api/v1/me').expect(200)).body;
    expect(me).toMatchObject({
      nip: BATAM_CLERK,
      name: 'Andi Saputra',
      roles: ['admin', 'city-admin'],
      organization: { code: 'BTM-DKUM' },
      positions: [{ code: 'UMPEG-ARSIP', level: 4, assignmentKind: 'definitif', unit: { code: 'UMPEG' } }],
    });
  });

  it('serves the lists a draft chooses from: the document kinds and the archive codes (Permendagri 83/2022)', async () => {
    const clerk = api.as(await api.login(BATAM_CLERK));
    const kinds = (await clerk.get('/api/v1/document-kinds').expect(200)).body;
    // The seeded kinds; a city administrator may add more (issue 15), so other specs' additions may be listed too.
    expect(kinds.map((k: { code: string }) => k.code)).toEqual(
      expect.arrayContaining([
        'NOTA_DINAS',
        'SURAT_DINAS',
        'SURAT_UNDANGAN',
        'SURAT_EDARAN',
        'SURAT_KEPUTUSAN',
        'SURAT_TUGAS',
        'LAPORAN',
        'TELAAHAN_STAF',
      ]),
    );
    expect(kinds).toContainEqual({
      code: 'SURAT_KEPUTUSAN',
      name: 'Surat Keputusan',
      category: 'arahan',
      strategic: true,
      coordinationRequired: expect.stringContaining('paraf koordinasi'),
    });
    const codes = (await clerk.get('/api/v1/archive-codes').expect(200)).body;
    expect(codes[0]).toEqual({ code: '000', name: 'Umum' });
    expect(codes.map((c: { code: string }) => c.code)).toEqual(expect.arrayContaining(['000.8', '000.8.3.3', '800', '900']));
    await api.http.get('/api/v1/archive-codes').expect(401);
  });

  it('login failures are 401 without saying which part was wrong', async () => {
    const wrongPassword = await api.http.post('/api/v1/auth/login').send({ nip: BATAM_KADIS, password: 'salah' }).expect(401);
    const unknownNip = await api.http.post('/api/v1/auth/login').send({ nip: '199001012015011999', password: 'naskah123' }).expect(401);
    expect(wrongPassword.body).toEqual(unknownNip.body);
    expect(wrongPassword.body).toEqual({ statusCode: 401, code: 'INVALID_CREDENTIALS', message: 'NIP atau kata sandi salah' });
  });

  it.each([
    [{ nip: '12345', password: 'x' }, 'nip', 'NIP harus 18 digit angka'],
    [{ nip: BATAM_KADIS }, 'password', 'Kata sandi harus berupa teks'],
    [{ nip: 197203141998, password: 'x' }, 'nip', 'NIP harus berupa teks'],
    [{ nip: BATAM_KADIS, password: 'x', role: 'admin' }, 'role', 'isian ini tidak dikenal'],
  ])('malformed login %j is 400 naming %s', async (body, field, reason) => {
    const res = await api.http.post('/api/v1/auth/login').send(body).expect(400);
    expect(res.body.code).toBe('INVALID_INPUT');
    expect(res.body.errors).toEqual(expect.arrayContaining([{ field, reasons: expect.arrayContaining([reason]) }]));
  });

  it('malformed JSON is a 400, not a 500', async () => {
    const res = await api.http.post('/api/v1/auth/login').set('Content-Type', 'application/json').send('{"nip": ').expect(400);
    expect(res.body).toMatchObject({ code: 'INVALID_INPUT', message: 'Isian bukan JSON yang sah' });
  });

  it('protected routes need a valid token', async () => {
    await api.http.get('/api/v1/me').expect(401);
    const res = await api.http.get('/api/v1/me').set('Authorization', 'Bearer not-a-token').expect(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
  });

  it("another organisation's chart is 403; unknown is 404; malformed id is 400", async () => {
    const token = await api.login(BATAM_KADIS);
    const cilegon = orgs.find((o) => o.code === 'CLG-DKUKM')!;
    await api.as(token).get(`/api/v1/organizations/${cilegon.id}/units`).expect(403);
    await api.as(token).get('/api/v1/organizations/00000000-0000-4000-8000-000000000000/units').expect(404);
    const bad = await api.as(token).get('/api/v1/organizations/nope/units').expect(400);
    expect(bad.body.errors).toEqual([{ field: 'id', reasons: ['harus berupa UUID'] }]);
  });

  it('health reports the database, Temporal and the archive up', async () => {
    const res = await api.http.get('/api/health').expect(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      info: { database: { status: 'up' }, temporal: { status: 'up' }, archive: { status: 'up', store: 'filesystem' } },
    });
  });

  it('OpenAPI document is served', async () => {
    const res = await api.http.get('/api/docs-json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/api/v1/auth/login', '/api/v1/organizations/{id}/units']));
    // The web app's types are generated from the document built without services (npm run build:api-types): it is this one.
    expect(await createOpenApiDocumentOffline(api.cfg)).toEqual(res.body);
  });
});

describe('login throttling', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi({ LOGIN_THROTTLE_LIMIT: '3' });
  });
  afterAll(() => api.close());

  it('answers 429 after the configured number of attempts', async () => {
    const attempt = () => api.http.post('/api/v1/auth/login').send({ nip: BATAM_KADIS, password: 'salah' });
    for (let i = 0; i < 3; i++) expect((await attempt()).status).toBe(401);
    const res = await attempt();
    expect(res.status).toBe(429);
    expect(res.body.code).toBe('TOO_MANY_REQUESTS');
  });
});

describe('health when Temporal is unreachable', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi({ TEMPORAL_ADDRESS: '127.0.0.1:1' });
  });
  afterAll(async () => {
    await api.close();
    await closeTestDataSource();
  });

  it('answers 503 naming the dependency that is down', async () => {
    const res = await api.http.get('/api/health').expect(503);
    expect(res.body).toMatchObject({
      code: 'UNAVAILABLE',
      details: { database: { status: 'up' }, temporal: { status: 'down', message: 'Temporal tidak dapat dihubungi' } },
    });
  });

  it('a submission while Temporal is down answers 503, and the failed update-with-start leaves no unhandled rejection behind (sdk-typescript#1960)', async () => {
    const unhandled: unknown[] = [];
    const record = (e: unknown) => void unhandled.push(e);
    process.on('unhandledRejection', record);
    try {
      const org = await createTestOrganization('batam-dkum.yaml');
      const clerk = await api.login(org.officials['UMPEG-ARSIP'].nip, undefined, { tte: false });
      const draft = expectStatus(
        await api.as(clerk).post('/api/v1/documents', {
          kindCode: 'SURAT_DINAS',
          subject: 'Undangan rapat koordinasi',
          body: '<p>Isi</p>',
          classification: 'biasa',
          urgency: 'biasa',
          recipients: [{ name: 'Kepala Dinas Pendidikan' }],
        }),
        201,
      );
      const res = expectStatus(await api.as(clerk).post(`/api/v1/documents/${draft.body.id}/submit`, {}), 503);
      expect(res.body.code).toBe('UNAVAILABLE');
      // The SDK rejects its handle promise on the next turns of the event loop: give it the chance.
      await new Promise((r) => setTimeout(r, 500));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', record);
    }
  });
});
