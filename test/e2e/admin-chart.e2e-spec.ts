import { randomBytes, randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { OrganizationAuditEventEntity, OrganizationEntity, PositionEntity, RouteStepEntity, verifyOrganizationAuditChain } from '@naskah/persistence';
import { seedId } from '@naskah/org-files';
import { SeededOrganization } from '@naskah/seed';
import { expectEventually, expectStatus, signing } from '../support/api';
import { createTestOrganization, testDataSource } from '../support/fixtures';
import { useApiAndWorker } from '../support/stack';

/**
 * Administration, the chart part (issue 15): organisations and their settings, units and
 * positions, document kinds, the authority table and the organisation's trail, through the API.
 * Every write is re-checked, locked and recorded once with its before and after; the same write
 * again records nothing; routes of documents already submitted never change.
 */

const ADMIN = 'UMPEG-ARSIP';
const CLERK = 'UMPEG-SDM';
const BATAM = 'Perwako Batam 14/2023';

const stack = useApiAndWorker('admin-chart');

const tokens = new Map<string, string>();
async function as(org: SeededOrganization, code: string) {
  const key = `${org.id}/${code}`;
  if (!tokens.has(key)) tokens.set(key, await stack.api.login(org.officials[code].nip, undefined, { tte: false }));
  return agent(tokens.get(key)!);
}
function agent(token?: string) {
  const auth = token ? { Authorization: `Bearer ${token}` } : {};
  const http = stack.api.http;
  return {
    get: (p: string) => http.get(p).set(auth),
    post: (p: string, body: object = {}) => http.post(p).set(auth).send(body),
    put: (p: string, body: object = {}) => http.put(p).set(auth).send(body),
    patch: (p: string, body: object = {}) => http.patch(p).set(auth).send(body),
    delete: (p: string) => http.delete(p).set(auth),
  };
}
type Agent = ReturnType<typeof agent>;

const ORGS = '/api/v1/admin/organizations';
const orgPath = (org: SeededOrganization | string) => `${ORGS}/${typeof org === 'string' ? org : org.id}`;
const KINDS = '/api/v1/admin/document-kinds';
const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const suffix = () => randomBytes(3).toString('hex').toUpperCase();
/** A kind code of capitals only (KIND_CODE_PATTERN), fresh for this run. */
const kindCode = () => `UJI_${[...randomBytes(6)].map((b) => String.fromCharCode(65 + (b % 26))).join('')}`;

function expectRefused(res: Response, status: number, code: string): Response {
  expectStatus(res, status);
  expect(res.body).toMatchObject({ statusCode: status, code, message: expect.any(String) });
  return res;
}
/** A 400 naming the field, as class-validator (errors[]) or a domain rule (field) says it. */
function expectInvalid(res: Response, field: string): void {
  expectRefused(res, 400, 'INVALID_INPUT');
  const fields: string[] = res.body.errors ? res.body.errors.map((e: { field: string }) => e.field) : [res.body.field];
  expect(fields).toContain(field);
}

const trail = async (organizationId: string) =>
  (await testDataSource()).getRepository(OrganizationAuditEventEntity).find({ where: { organizationId }, order: { seq: 'ASC' } });
const chainIntact = async (organizationId: string) =>
  expect(await verifyOrganizationAuditChain((await testDataSource()).manager, organizationId)).toBeNull();

const chartOf = async (admin: Agent, org: SeededOrganization) => expectStatus(await admin.get(`${orgPath(org)}/chart`), 200).body;
const positionIn = (chart: { positions: Array<{ code: string }> }, code: string) =>
  chart.positions.find((p) => p.code === code) as Record<string, unknown>;

const letterhead = {
  government: 'PEMERINTAH KOTA BATAM',
  office: 'DINAS PERINDUSTRIAN DAN PERDAGANGAN',
  address: 'Jalan Engku Putri No. 1, Batam Centre, Batam 29461',
  email: 'disperindag@batam.go.id',
};
const newOrganization = (code: string) => ({
  code,
  name: 'Dinas Perindustrian dan Perdagangan',
  regulation: 'Peraturan Wali Kota Batam Nomor 15 Tahun 2023',
  regulationCitation: 'Perwako Batam 15/2023',
  letterhead,
  numberTemplate: '{kode}/{nomor}/{unit}/{tahun}',
  unit: {
    code: 'DISPERINDAG',
    name: 'Dinas Perindustrian dan Perdagangan',
    pasal: 'Pasal 2 ayat (2); Pasal 3 ayat (1)',
    head: {
      code: 'KADIS',
      title: 'Kepala Dinas Perindustrian dan Perdagangan',
      authority: { check: true, return: true, sign: true },
      authorityPasal: 'Pasal 3 ayat (4) huruf j',
    },
  },
});

describe('administration of the chart, through the API', () => {
  let batam: SeededOrganization;
  let batam2: SeededOrganization;
  let cilegon: SeededOrganization;
  beforeAll(async () => {
    [batam, batam2, cilegon] = await Promise.all([
      createTestOrganization('batam-dkum.yaml'),
      createTestOrganization('batam-dkum.yaml'),
      createTestOrganization('cilegon-dkukm.yaml'),
    ]);
  }, 90_000);

  describe('organisations', () => {
    it('lists what the caller administers: a city administrator every office of the city, an office’s administrator its own', async () => {
      const cityAdmin = await as(batam, ADMIN);
      const listed = expectStatus(await cityAdmin.get(ORGS), 200).body as Array<{ id: string; code: string; name: string; city: string }>;
      expect(listed).toEqual(
        expect.arrayContaining([
          { id: batam.id, code: batam.code, name: 'Dinas Koperasi dan Usaha Mikro', city: 'Kota Batam' },
          { id: batam2.id, code: batam2.code, name: 'Dinas Koperasi dan Usaha Mikro', city: 'Kota Batam' },
        ]),
      );
      expect(listed.every((o) => o.city === 'Kota Batam')).toBe(true);
      expect(listed.some((o) => o.id === cilegon.id)).toBe(false);
      expect(listed.map((o) => o.code)).toEqual([...listed.map((o) => o.code)].sort((a, b) => a.localeCompare(b)));
      expect(expectStatus(await (await as(cilegon, ADMIN)).get(ORGS), 200).body).toEqual([
        { id: cilegon.id, code: cilegon.code, name: 'Dinas Koperasi, Usaha Kecil dan Menengah', city: 'Kota Cilegon' },
      ]);
      expectRefused(await (await as(batam, CLERK)).get(ORGS), 403, 'FORBIDDEN');
      expectRefused(await agent().get(ORGS), 401, 'UNAUTHENTICATED');
    });

    it('settings: read, changed field by field, recorded with before and after; the same again records nothing; the delegation rules stay', async () => {
      const admin = await as(batam2, ADMIN);
      const before = expectStatus(await admin.get(orgPath(batam2)), 200).body;
      expect(before).toMatchObject({
        id: batam2.id,
        code: batam2.code,
        city: 'Kota Batam',
        regulationCitation: BATAM,
        reportTembusanPasal: null,
        numberTemplate: '{kode}/{nomor}/{unit}/{tahun}',
        letterhead: { government: 'PEMERINTAH KOTA BATAM', office: 'DINAS KOPERASI DAN USAHA MIKRO' },
        delegationRules: { basis: expect.stringContaining('UU 30/2014 Pasal 14') },
      });
      const change = {
        name: 'Dinas Koperasi dan Usaha Mikro Kota Batam',
        numberTemplate: '{kode}/{nomor}/DKUM/{tahun}',
        letterhead: { ...before.letterhead, phone: '(0778) 462001' },
        reportTembusanPasal: 'Pasal 22 ayat (1)',
      };
      const after = expectStatus(await admin.patch(orgPath(batam2), change), 200).body;
      expect(after).toMatchObject({ ...change, delegationRules: before.delegationRules, regulation: before.regulation });
      expectStatus(await admin.patch(orgPath(batam2), change), 200);
      expectStatus(await admin.patch(orgPath(batam2), {}), 200);
      expect(expectStatus(await admin.patch(orgPath(batam2), { reportTembusanPasal: null }), 200).body.reportTembusanPasal).toBeNull();

      const rows = (await trail(batam2.id)).filter((r) => r.action === 'organization_updated');
      expect(rows).toHaveLength(2);
      expect(rows[0]).toMatchObject({
        subject: batam2.code,
        actorOfficialId: batam2.officials[ADMIN].id,
        before: { name: before.name, numberTemplate: before.numberTemplate, letterhead: before.letterhead, reportTembusanPasal: null },
        after: { name: change.name, numberTemplate: change.numberTemplate, letterhead: change.letterhead, reportTembusanPasal: 'Pasal 22 ayat (1)' },
      });
      expect(rows[1]).toMatchObject({ before: { reportTembusanPasal: 'Pasal 22 ayat (1)' }, after: { reportTembusanPasal: null } });
      const stored = await (await testDataSource()).getRepository(OrganizationEntity).findOneByOrFail({ id: batam2.id });
      expect(stored.delegationRules).toEqual(before.delegationRules);
      await chainIntact(batam2.id);
    });

    it('a number template fills {kode} {nomor} {unit} {tahun} only, and must hold {nomor} and {tahun}; other malformed settings name their field', async () => {
      const admin = await as(cilegon, ADMIN);
      const cases: Array<[object, string]> = [
        [{ numberTemplate: '{kode}/{unit}/{tahun}' }, 'numberTemplate'],
        // The running number starts again each January (DESIGN §6): without the year, numbers repeat.
        [{ numberTemplate: '{nomor}' }, 'numberTemplate'],
        [{ numberTemplate: '{kode}/{nomor}/{unit}' }, 'numberTemplate'],
        [{ numberTemplate: '{kode}/{nomor}/{bidang}/{tahun}' }, 'numberTemplate'],
        [{ numberTemplate: '{nomor}/{nomor}' }, 'numberTemplate'],
        [{ numberTemplate: '{nomor' }, 'numberTemplate'],
        [{ numberTemplate: 42 }, 'numberTemplate'],
        [{ name: '' }, 'name'],
        [{ name: null }, 'name'],
        [{ name: 'x'.repeat(201) }, 'name'],
        [{ letterhead: 'kop' }, 'letterhead'],
        [{ letterhead: { government: 'PEMERINTAH KOTA CILEGON', office: 'DINAS' } }, 'letterhead.address'],
        [{ regulationCitation: ' ' }, 'regulationCitation'],
        [{ delegationRules: {} }, 'delegationRules'],
        [{ code: 'LAIN' }, 'code'],
        [{ city: 'Kota Batam' }, 'city'],
      ];
      for (const [body, field] of cases) {
        const res = await admin.patch(orgPath(cilegon), body);
        expectInvalid(res, field);
        if (field === 'numberTemplate' && typeof (body as { numberTemplate: unknown }).numberTemplate === 'string') {
          expect(JSON.stringify(res.body.errors)).toMatch(/nomor|penanda|kurung/);
        }
      }
      const noYear = await admin.patch(orgPath(cilegon), { numberTemplate: '{nomor}' });
      expect(JSON.stringify(noYear.body.errors)).toMatch(/harus memuat \{tahun\}: nomor urut dimulai lagi setiap tahun/);
      // A template equal to the decrees' own pattern would number decrees in the series every other kind shares.
      const decrees = await admin.patch(orgPath(cilegon), { numberTemplate: 'NOMOR {nomor} TAHUN {tahun}' });
      expectInvalid(decrees, 'numberTemplate');
      expect(decrees.body.message).toMatch(/Surat Keputusan \(NOMOR \{nomor\} TAHUN \{tahun\}\) dari serinya sendiri ke seri umum/);
      expect(decrees.body.message).toMatch(/nomor dapat berulang/);
      expect(expectStatus(await admin.get(orgPath(cilegon)), 200).body.numberTemplate).toBe('{kode}/{nomor}/{unit}/{tahun}');
      expectInvalid(await admin.get(orgPath('bukan-uuid')), 'orgId');
      expect((await trail(cilegon.id)).filter((r) => r.action === 'organization_updated')).toEqual([]);
    });

    it('a city administrator creates an office of the city with its top unit and head; the same request again answers it; another with its code is a conflict', async () => {
      const cityAdmin = await as(batam, ADMIN);
      const code = `BTM-IND-${suffix()}`;
      const created = expectStatus(await cityAdmin.post(ORGS, newOrganization(code)), 201).body;
      const id = seedId(code, 'organization');
      expect(created).toMatchObject({
        id,
        code,
        city: 'Kota Batam',
        numberTemplate: '{kode}/{nomor}/{unit}/{tahun}',
        delegationRules: null,
        letterhead,
      });
      expect(expectStatus(await cityAdmin.post(ORGS, newOrganization(code)), 200).body).toEqual(created);
      expectRefused(await cityAdmin.post(ORGS, { ...newOrganization(code), name: 'Dinas Lain' }), 409, 'CONFLICT');
      expectRefused(await cityAdmin.post(ORGS, { ...newOrganization('BTM-DKUM') }), 409, 'CONFLICT');

      // Its chart: the top unit and its level-1 head, ids as an organisation file would give them.
      const chart = expectStatus(await cityAdmin.get(`${orgPath(id)}/chart`), 200).body;
      expect(chart.units).toEqual([
        {
          id: seedId(code, 'unit', 'DISPERINDAG'),
          code: 'DISPERINDAG',
          name: 'Dinas Perindustrian dan Perdagangan',
          kind: 'dinas',
          pasal: 'Pasal 2 ayat (2); Pasal 3 ayat (1)',
          parentId: null,
          reportsViaUnitId: null,
          reportsViaPasal: null,
          sortOrder: 0,
        },
      ]);
      expect(chart.positions).toEqual([
        expect.objectContaining({
          id: seedId(code, 'position', 'KADIS'),
          level: 1,
          isHead: true,
          authority: { check: true, return: true, paraf: false, sign: true },
          authorityPasal: 'Pasal 3 ayat (4) huruf j',
          authorityBasis: 'Perwako Batam 15/2023 Pasal 3 ayat (4) huruf j',
          pasal: 'Pasal 2 ayat (2); Pasal 3 ayat (1)',
          holders: [],
          signs: [],
        }),
      ]);
      expect(expectStatus(await cityAdmin.get(ORGS), 200).body.map((o: { id: string }) => o.id)).toContain(id);

      // Its trail starts with its creation, by the city administrator.
      const rows = await trail(id);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        action: 'organization_created',
        subject: code,
        actorOfficialId: batam.officials[ADMIN].id,
        before: null,
        after: {
          organization: { code, city: 'Kota Batam', regulationCitation: 'Perwako Batam 15/2023' },
          unit: { code: 'DISPERINDAG', parentId: null },
          head: { code: 'KADIS', level: 1, isHead: true },
        },
      });
      await chainIntact(id);
    });

    it('two city administrators creating the same office at once: one creates it, the other is answered with it; one event', async () => {
      const [first, second] = await Promise.all([as(batam, ADMIN), as(batam2, ADMIN)]);
      const code = `BTM-RACE-${suffix()}`;
      const results = await Promise.all([first.post(ORGS, newOrganization(code)), second.post(ORGS, newOrganization(code))]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 201]);
      expect(results[0].body).toEqual(results[1].body);
      const id = seedId(code, 'organization');
      expect((await trail(id)).map((r) => r.action)).toEqual(['organization_created']);
      await chainIntact(id);
      // The same code with other content at once: one wins, the other is a conflict.
      const other = `BTM-RACE-${suffix()}`;
      const raced = await Promise.all([
        first.post(ORGS, newOrganization(other)),
        second.post(ORGS, { ...newOrganization(other), name: 'Dinas Lain' }),
      ]);
      expect(raced.map((r) => r.status).sort()).toEqual([201, 409]);
      expect((await trail(seedId(other, 'organization'))).map((r) => r.action)).toEqual(['organization_created']);
    });

    it('only a city administrator creates; a malformed organisation names its field and creates nothing', async () => {
      const code = `BTM-X-${suffix()}`;
      expectRefused(await (await as(cilegon, ADMIN)).post(ORGS, newOrganization(code)), 403, 'FORBIDDEN');
      expectRefused(await (await as(batam, CLERK)).post(ORGS, newOrganization(code)), 403, 'FORBIDDEN');
      expectRefused(await agent().post(ORGS, newOrganization(code)), 401, 'UNAUTHENTICATED');
      const cityAdmin = await as(batam, ADMIN);
      const base = newOrganization(code);
      const cases: Array<[object, string]> = [
        [{ ...base, code: 'btm-kecil' }, 'code'],
        [{ ...base, code: 'X'.repeat(33) }, 'code'],
        [{ ...base, code: undefined }, 'code'],
        [{ ...base, numberTemplate: '{kode}/{tahun}' }, 'numberTemplate'],
        [{ ...base, letterhead: { ...letterhead, address: '' } }, 'letterhead.address'],
        [{ ...base, regulationCitation: undefined }, 'regulationCitation'],
        [{ ...base, unit: undefined }, 'unit'],
        [{ ...base, unit: { ...base.unit, head: undefined } }, 'unit.head'],
        [{ ...base, unit: { ...base.unit, kind: 'kementerian' } }, 'unit.kind'],
        [{ ...base, unit: { ...base.unit, head: { ...base.unit.head, authorityPasal: '' } } }, 'unit.head.authorityPasal'],
        [{ ...base, unit: { ...base.unit, head: { ...base.unit.head, authority: { sign: 'ya' } } } }, 'unit.head.authority.sign'],
        [{ ...base, unit: { ...base.unit, head: { ...base.unit.head, tataNaskahDinas: ['paraf-bebas'] } } }, 'unit.head.tataNaskahDinas'],
        [{ ...base, city: 'Kota Cilegon' }, 'city'],
      ];
      for (const [body, field] of cases) expectInvalid(await cityAdmin.post(ORGS, body), field);
      // A signer that does not check breaks the seed's own rule (validateOrgChart).
      expectRefused(
        await cityAdmin.post(ORGS, { ...base, unit: { ...base.unit, head: { ...base.unit.head, authority: { sign: true } } } }),
        400,
        'INVALID_INPUT',
      );
      expect(await (await testDataSource()).getRepository(OrganizationEntity).findOneBy({ code })).toBeNull();
    });
  });

  describe('the chart', () => {
    it('shows units flat and positions with their authority, Pasal, today’s holders and the kinds each signs', async () => {
      const chart = await chartOf(await as(batam, ADMIN), batam);
      expect(chart.organizationId).toBe(batam.id);
      expect(chart.units).toHaveLength(Object.keys(batam.units).length);
      expect(chart.units.find((u: { code: string }) => u.code === 'UMPEG')).toMatchObject({
        id: batam.units.UMPEG,
        parentId: batam.units.SEKRETARIAT,
        kind: 'subbagian',
        reportsViaUnitId: null,
        sortOrder: expect.any(Number),
      });
      const kadis = positionIn(chart, 'KADIS');
      expect(kadis).toMatchObject({
        level: 1,
        levelName: 'Jabatan Pimpinan Tinggi Pratama',
        isHead: true,
        authority: { check: true, return: true, paraf: false, sign: true },
        authorityPasal: 'Pasal 3 ayat (4) huruf j',
        authorityBasis: `${BATAM} Pasal 3 ayat (4) huruf j`,
        holders: [
          {
            officialId: batam.officials.KADIS.id,
            nip: batam.officials.KADIS.nip,
            name: 'Rahmat Hidayat',
            titledName: expect.any(String),
            kind: 'definitif',
          },
        ],
      });
      expect((kadis.signs as Array<{ kindCode: string }>).map((s) => s.kindCode)).toEqual(expect.arrayContaining(['SURAT_DINAS', 'SURAT_KEPUTUSAN']));
      expect(kadis.signs).toContainEqual({ kindCode: 'SURAT_DINAS', kindName: 'Surat Dinas', pasal: `${BATAM} Pasal 3 ayat (4) huruf j` });
      // The Batam Kepala Bidang may not sign (Pasal 7 ayat (4)): he signs nothing; his paraf also rests on Tata Naskah Dinas.
      expect(positionIn(chart, 'KABID-ISP')).toMatchObject({ authority: { sign: false, paraf: true }, signs: [] });
      expect(positionIn(chart, 'UMPEG-SDM')).toMatchObject({ level: 4, isHead: false, authority: { check: false, sign: false }, signs: [] });
    });

    it('units: created with their head, changed, refused where the chart would break, removed when nothing rests on them; each change on the trail', async () => {
      const admin = await as(batam, ADMIN);
      const code = `BID${suffix()}`;
      const headCode = `KABID-${code}`;
      const unit = {
        code,
        name: 'Bidang Uji Coba',
        kind: 'bidang',
        pasal: 'Pasal 3 ayat (5) huruf f',
        parentId: batam.units.DKUM,
        head: {
          code: headCode,
          title: 'Kepala Bidang Uji Coba',
          level: 2,
          authority: { check: true, return: true, paraf: true },
          authorityPasal: 'Pasal 12 ayat (4) huruf a',
          tataNaskahDinas: ['paraf-hierarki'],
        },
      };
      const created = expectStatus(await admin.post(`${orgPath(batam)}/units`, unit), 201).body;
      expect(created.unit).toMatchObject({ id: seedId(batam.code, 'unit', code), code, parentId: batam.units.DKUM, kind: 'bidang' });
      expect(created.head).toMatchObject({
        id: seedId(batam.code, 'position', headCode),
        unitId: created.unit.id,
        isHead: true,
        pasal: 'Pasal 3 ayat (5) huruf f',
        authorityPasal: 'Pasal 12 ayat (4) huruf a',
        tataNaskahDinas: ['paraf-hierarki'],
        authorityBasis: expect.stringMatching(new RegExp(`^${BATAM} Pasal 12 ayat \\(4\\) huruf a; Permendagri 1/2023`)),
      });
      expect(expectStatus(await admin.post(`${orgPath(batam)}/units`, unit), 200).body).toEqual(created);
      expectRefused(await admin.post(`${orgPath(batam)}/units`, { ...unit, name: 'Bidang Lain' }), 409, 'CONFLICT');
      expect(expectRefused(await admin.post(`${orgPath(batam)}/units`, { ...unit, code: 'ISP' }), 409, 'CONFLICT').body.field).toBe('code');
      expect(
        expectRefused(
          await admin.post(`${orgPath(batam)}/units`, { ...unit, code: `X${code}`, head: { ...unit.head, code: 'KADIS' } }),
          409,
          'CONFLICT',
        ).body.field,
      ).toBe('head.code');
      expect(
        expectRefused(await admin.post(`${orgPath(batam)}/units`, { ...unit, code: `X${code}`, parentId: UNKNOWN }), 404, 'NOT_FOUND').body.field,
      ).toBe('parentId');
      expect(
        expectRefused(await admin.post(`${orgPath(batam)}/units`, { ...unit, code: `X${code}`, parentId: cilegon.units.DKUKM }), 404, 'NOT_FOUND')
          .body.field,
      ).toBe('parentId');
      // Another unit like it, with codes of its own.
      const fresh = { ...unit, code: `X${code}`, head: { ...unit.head, code: `X${headCode}` } };
      expectInvalid(await admin.post(`${orgPath(batam)}/units`, { ...fresh, head: undefined }), 'head');
      expectInvalid(await admin.post(`${orgPath(batam)}/units`, { ...fresh, head: { ...fresh.head, authorityPasal: undefined } }), 'authorityPasal');
      expectInvalid(await admin.post(`${orgPath(batam)}/units`, { ...fresh, reportsViaUnitId: batam.units.SEKRETARIAT }), 'reportsViaPasal');
      expectInvalid(await admin.post(`${orgPath(batam)}/units`, { ...fresh, head: { ...fresh.head, level: 0 } }), 'head.level');
      expectInvalid(await admin.post(`${orgPath(batam)}/units`, { ...unit, code: 'bid kecil' }), 'code');
      expectInvalid(await admin.post(`${orgPath(batam)}/units`, { ...fresh, parentId: 'DKUM' }), 'parentId');
      expect((await chartOf(admin, batam)).units.some((u: { code: string }) => u.code === fresh.code)).toBe(false);

      // Reports via the Sekretariat, citing the Pasal (like Cilegon Pasal 3 ayat (3)); renamed.
      const path = `${orgPath(batam)}/units/${created.unit.id}`;
      const change = { name: 'Bidang Uji Coba dan Pengembangan', reportsViaUnitId: batam.units.SEKRETARIAT, reportsViaPasal: 'Pasal 3 ayat (3)' };
      expect(expectStatus(await admin.patch(path, change), 200).body).toMatchObject({ ...change, code, parentId: batam.units.DKUM });
      expectStatus(await admin.patch(path, change), 200);
      // Clearing the link clears its Pasal.
      expect(expectStatus(await admin.patch(path, { reportsViaUnitId: null }), 200).body).toMatchObject({
        reportsViaUnitId: null,
        reportsViaPasal: null,
      });

      // A unit cannot move under its own descendant, nor report through it; the top unit stays on top.
      expectInvalid(await admin.patch(`${orgPath(batam)}/units/${batam.units.SEKRETARIAT}`, { parentId: batam.units.UMPEG }), 'parentId');
      expectInvalid(await admin.patch(`${orgPath(batam)}/units/${batam.units.SEKRETARIAT}`, { parentId: batam.units.SEKRETARIAT }), 'parentId');
      expectInvalid(
        await admin.patch(`${orgPath(batam)}/units/${batam.units.SEKRETARIAT}`, { reportsViaUnitId: batam.units.PP, reportsViaPasal: 'Pasal 4' }),
        'reportsViaUnitId',
      );
      expectInvalid(await admin.patch(`${orgPath(batam)}/units/${batam.units.DKUM}`, { parentId: batam.units.ISP }), 'parentId');
      // Cilegon's Bidang report through the Sekretariat (Pasal 3 ayat (3)): the Sekretariat cannot move under one of them.
      const downwards = await (
        await as(cilegon, ADMIN)
      ).patch(`${orgPath(cilegon)}/units/${cilegon.units.SEKRETARIAT}`, { parentId: cilegon.units.KOP });
      expectInvalid(downwards, 'parentId');
      expect(downwards.body.message).toMatch(/KOP/);
      expectRefused(await admin.patch(`${orgPath(batam)}/units/${batam.units.ISP}`, { code: 'PPK' }), 409, 'CONFLICT');
      expectInvalid(await admin.patch(path, { name: null }), 'name');
      expectInvalid(await admin.patch(path, { kind: 'direktorat' }), 'kind');
      expectRefused(await admin.patch(`${orgPath(batam)}/units/${UNKNOWN}`, { name: 'X' }), 404, 'NOT_FOUND');
      expectRefused(await admin.patch(`${orgPath(batam)}/units/${cilegon.units.KOP}`, { name: 'X' }), 404, 'NOT_FOUND');

      // Removal: refused (409, saying why) while child units, staff or history rest on the unit.
      const sekretariat = expectRefused(await admin.delete(`${orgPath(batam)}/units/${batam.units.SEKRETARIAT}`), 409, 'CONFLICT').body.message;
      expect(sekretariat).toMatch(/membawahi unit UMPEG, PP|membawahi unit PP, UMPEG/);
      expect(sekretariat).toMatch(/SEKRE-PRAKOM/);
      expect(sekretariat).toMatch(/pimpinan unit: masih ada 1 penugasan/);
      expect(expectRefused(await admin.delete(`${orgPath(batam)}/units/${batam.units.DKUM}`), 409, 'CONFLICT').body.message).toMatch(/unit puncak/);
      expectStatus(await admin.delete(path), 204);
      expectRefused(await admin.delete(path), 404, 'NOT_FOUND');
      expect((await chartOf(admin, batam)).units.some((u: { id: string }) => u.id === created.unit.id)).toBe(false);

      const rows = (await trail(batam.id)).filter((r) => r.subject === code);
      expect(rows.map((r) => r.action)).toEqual(['unit_created', 'unit_updated', 'unit_updated', 'unit_removed']);
      expect(rows[0]).toMatchObject({ before: null, after: { unit: { code, name: 'Bidang Uji Coba' }, head: { code: headCode, isHead: true } } });
      expect(rows[1]).toMatchObject({
        before: { name: 'Bidang Uji Coba', reportsViaUnitId: null },
        after: { name: change.name, reportsViaUnitId: batam.units.SEKRETARIAT, reportsViaPasal: 'Pasal 3 ayat (3)' },
      });
      expect(rows[2]).toMatchObject({ before: { reportsViaPasal: 'Pasal 3 ayat (3)' }, after: { reportsViaUnitId: null, reportsViaPasal: null } });
      expect(rows[3]).toMatchObject({ before: { unit: { code, name: change.name }, head: { code: headCode } }, after: null });
      expect(rows.every((r) => r.actorOfficialId === batam.officials[ADMIN].id)).toBe(true);
      await chainIntact(batam.id);
    });

    it('positions: created, changed and removed under the same rules; a signer keeps "sign" while the authority table names it (422 with the Pasal)', async () => {
      const admin = await as(batam, ADMIN);
      const code = `PP-UJI-${suffix()}`;
      const position = { unitId: batam.units.PP, code, title: 'Analis Perencanaan', level: 4, pasal: 'Pasal 6 ayat (5)' };
      const created = expectStatus(await admin.post(`${orgPath(batam)}/positions`, position), 201).body;
      expect(created).toMatchObject({
        id: seedId(batam.code, 'position', code),
        unitId: batam.units.PP,
        isHead: false,
        authority: { check: false, return: false, paraf: false, sign: false },
        pasal: 'Pasal 6 ayat (5)',
        authorityPasal: 'Pasal 6 ayat (5)',
        holders: [],
        signs: [],
      });
      expect(expectStatus(await admin.post(`${orgPath(batam)}/positions`, position), 200).body).toEqual(created);
      expectRefused(await admin.post(`${orgPath(batam)}/positions`, { ...position, title: 'Lain' }), 409, 'CONFLICT');
      expectRefused(await admin.post(`${orgPath(batam)}/positions`, { ...position, code: 'KADIS' }), 409, 'CONFLICT');
      expectInvalid(await admin.post(`${orgPath(batam)}/positions`, { ...position, code: `X${code}`, authority: { check: true } }), 'authorityPasal');
      expectInvalid(await admin.post(`${orgPath(batam)}/positions`, { ...position, code: `X${code}`, pasal: undefined }), 'pasal');
      expectInvalid(await admin.post(`${orgPath(batam)}/positions`, { ...position, code: `X${code}`, level: 5 }), 'level');
      expectInvalid(await admin.post(`${orgPath(batam)}/positions`, { ...position, code: `X${code}`, authority: [] }), 'authority');
      // A second head in the Sub Bagian: the seed's rule (validateOrgChart).
      expectRefused(
        await admin.post(`${orgPath(batam)}/positions`, {
          ...position,
          code: `X${code}`,
          isHead: true,
          level: 3,
          authority: { check: true },
          authorityPasal: 'Pasal 6',
        }),
        400,
        'INVALID_INPUT',
      );
      expectRefused(await admin.post(`${orgPath(batam)}/positions`, { ...position, code: `X${code}`, unitId: UNKNOWN }), 404, 'NOT_FOUND');

      const path = `${orgPath(batam)}/positions/${created.id}`;
      // Gaining an authority names its Pasal in the same edit.
      expectInvalid(await admin.patch(path, { authority: { check: true } }), 'authorityPasal');
      // Level with the head of its Sub Bagian (jenjang 3): refused, a position sits below its head.
      const level = await admin.patch(path, {
        title: 'Perencana Ahli Muda',
        level: 3,
        authority: { check: true },
        authorityPasal: 'Pasal 6 ayat (5) huruf b',
      });
      expectInvalid(level, 'level');
      expect(level.body.message).toMatch(/Perencana Ahli Muda berjenjang 3 .*pimpinannya Kepala Sub Bagian Perencanaan Program berjenjang 3/);
      const changed = expectStatus(
        await admin.patch(path, { title: 'Perencana Ahli Muda', authority: { check: true }, authorityPasal: 'Pasal 6 ayat (5) huruf b' }),
        200,
      ).body;
      expect(changed).toMatchObject({
        title: 'Perencana Ahli Muda',
        level: 4,
        authority: { check: true, sign: false },
        authorityPasal: 'Pasal 6 ayat (5) huruf b',
      });
      expectStatus(await admin.patch(path, { title: 'Perencana Ahli Muda' }), 200);
      expectRefused(await admin.patch(path, { code: 'KADIS' }), 409, 'CONFLICT');
      expectInvalid(await admin.patch(path, { unitId: null }), 'unitId');
      expectRefused(await admin.patch(path, { unitId: cilegon.units.PEPK }), 404, 'NOT_FOUND');
      expectRefused(await admin.patch(`${orgPath(batam)}/positions/${cilegon.positions.KADIS}`, { title: 'X' }), 404, 'NOT_FOUND');
      // The head of the top unit stays level 1 (validateOrgChart).
      expectRefused(await admin.patch(`${orgPath(batam)}/positions/${batam.positions.KADIS}`, { level: 2 }), 400, 'INVALID_INPUT');

      // The Sekretaris signs several kinds (Pasal 4 ayat (4) huruf cc): he keeps "sign" until taken off the table.
      const refused = expectRefused(
        await admin.patch(`${orgPath(batam)}/positions/${batam.positions.SEKRETARIS}`, { authority: { sign: false } }),
        422,
        'RULE_VIOLATION',
      );
      expect(refused.body).toMatchObject({ pasal: `${BATAM} Pasal 4 ayat (4) huruf cc`, field: 'authority.sign' });
      expect(refused.body.message).toMatch(/Nota Dinas/);
      expect(refused.body.message).toMatch(/Laporan/);

      // Removal: refused while history rests on the post; the new one goes.
      const sdm = expectRefused(await admin.delete(`${orgPath(batam)}/positions/${batam.positions['UMPEG-SDM']}`), 409, 'CONFLICT').body.message;
      expect(sdm).toMatch(/penugasan/);
      const head = expectRefused(await admin.delete(`${orgPath(batam)}/positions/${batam.positions['KABID-ISP']}`), 409, 'CONFLICT').body.message;
      expect(head).toMatch(/pimpinan unit ISP/);
      expect(expectRefused(await admin.delete(`${orgPath(batam)}/positions/${batam.positions.KADIS}`), 409, 'CONFLICT').body.message).toMatch(
        /penandatangan .*Surat Dinas/,
      );
      expectStatus(await admin.delete(path), 204);
      expectRefused(await admin.delete(path), 404, 'NOT_FOUND');

      const rows = (await trail(batam.id)).filter((r) => r.subject === code);
      expect(rows.map((r) => r.action)).toEqual(['position_created', 'position_updated', 'position_removed']);
      expect(rows[0]).toMatchObject({ before: null, after: { code, title: 'Analis Perencanaan', level: 4, authority: { check: false } } });
      expect(rows[1]).toMatchObject({
        before: { title: 'Analis Perencanaan', level: 4, authority: { check: false }, authorityPasal: 'Pasal 6 ayat (5)' },
        after: { title: 'Perencana Ahli Muda', level: 4, authority: { check: true }, authorityPasal: 'Pasal 6 ayat (5) huruf b' },
      });
      expect(rows[2]).toMatchObject({ before: { code, title: 'Perencana Ahli Muda' }, after: null });
      const sekretaris = await (await testDataSource()).getRepository(PositionEntity).findOneByOrFail({ id: batam.positions.SEKRETARIS });
      expect(sekretaris.maySign).toBe(true);
      await chainIntact(batam.id);
    });

    it('two administrators editing the same position at once: each change recorded once, the chain intact, the final state one of the two', async () => {
      // The city administrator of another Batam office administers this one too.
      const [own, city] = await Promise.all([as(batam2, ADMIN), as(batam, ADMIN)]);
      const path = `${orgPath(batam2)}/positions/${batam2.positions['KASUBBAG-PP']}`;
      const titles = ['Kepala Sub Bagian Perencanaan', 'Kepala Sub Bagian Perencanaan dan Program'];
      const seqBefore = (await trail(batam2.id)).length;
      const results = await Promise.all([own.patch(path, { title: titles[0] }), city.patch(path, { title: titles[1] })]);
      for (const r of results) expectStatus(r, 200);
      const rows = (await trail(batam2.id)).slice(seqBefore);
      expect(rows.map((r) => [r.action, r.subject])).toEqual([
        ['position_updated', 'KASUBBAG-PP'],
        ['position_updated', 'KASUBBAG-PP'],
      ]);
      expect(new Set(rows.map((r) => r.actorOfficialId))).toEqual(new Set([batam2.officials[ADMIN].id, batam.officials[ADMIN].id]));
      // Serialised: the second change starts from what the first left.
      expect((rows[1].before as { title: string }).title).toBe((rows[0].after as { title: string }).title);
      const final = await (await testDataSource()).getRepository(PositionEntity).findOneByOrFail({ id: batam2.positions['KASUBBAG-PP'] });
      expect(titles).toContain(final.title);
      expect((rows[1].after as { title: string }).title).toBe(final.title);
      await chainIntact(batam2.id);

      // The same edit from both at once: one change, one event.
      const again = await Promise.all([own.patch(path, { level: 3, title: 'Kasubbag PP' }), city.patch(path, { level: 3, title: 'Kasubbag PP' })]);
      for (const r of again) expect(expectStatus(r, 200).body.title).toBe('Kasubbag PP');
      expect((await trail(batam2.id)).slice(seqBefore + 2).map((r) => r.action)).toEqual(['position_updated']);
      await chainIntact(batam2.id);
    });

    it('lines of reporting never loop and jenjang never inverts: refused naming the field, nothing changed, routing intact', async () => {
      const org = await createTestOrganization('batam-dkum.yaml');
      const admin = await as(org, ADMIN);
      const units = `${orgPath(org)}/units`;
      const positions = `${orgPath(org)}/positions`;
      // The probe: the Bidang reports through the Sekretariat (like Cilegon Pasal 3 ayat (3)), then the Sekretariat through the Bidang.
      expectStatus(
        await admin.patch(`${units}/${org.units.ISP}`, { reportsViaUnitId: org.units.SEKRETARIAT, reportsViaPasal: 'Pasal 3 ayat (3)' }),
        200,
      );
      const loop = await admin.patch(`${units}/${org.units.SEKRETARIAT}`, { reportsViaUnitId: org.units.ISP, reportsViaPasal: 'Pasal 4' });
      expectInvalid(loop, 'reportsViaUnitId');
      expect(loop.body.message).toMatch(/Jalur pelaporan unit berputar \((SEKRETARIAT → ISP → SEKRETARIAT|ISP → SEKRETARIAT → ISP)\)/);
      // Three units round: the Bidang PPK through ISP (allowed), then the Sekretariat through PPK.
      expectStatus(await admin.patch(`${units}/${org.units.PPK}`, { reportsViaUnitId: org.units.ISP, reportsViaPasal: 'Pasal 3 ayat (3)' }), 200);
      const three = await admin.patch(`${units}/${org.units.SEKRETARIAT}`, { reportsViaUnitId: org.units.PPK, reportsViaPasal: 'Pasal 4' });
      expectInvalid(three, 'reportsViaUnitId');
      expect(three.body.message).toMatch(/PPK/);
      expect(three.body.message).toMatch(/ISP/);
      expect((await chartOf(admin, org)).units.find((u: { code: string }) => u.code === 'SEKRETARIAT').reportsViaUnitId).toBeNull();
      // The Bidang's drafts still climb to the Kepala Dinas, through the Sekretaris.
      const draft = expectStatus(
        await (
          await as(org, 'ISP-ADM')
        ).post('/api/v1/documents', {
          kindCode: 'SURAT_DINAS',
          subject: `Laporan Pengawasan Koperasi ${suffix()}`,
          body: '<p>Dengan hormat, bersama ini kami sampaikan laporan pengawasan koperasi.</p>',
          classification: 'biasa',
          urgency: 'biasa',
          recipients: [{ name: 'Kepala Dinas Perindustrian dan Perdagangan' }],
        }),
        201,
      ).body;
      expect(draft.route.map((x: { position: { positionId: string } }) => x.position.positionId)).toEqual([
        org.positions['KABID-ISP'],
        org.positions.SEKRETARIS,
        org.positions.KADIS,
      ]);

      // The probes: a pelaksana made JPT Pratama under a level-3 head; the Sekretaris made the Kepala Dinas's equal.
      const clerk = await admin.patch(`${positions}/${org.positions['UMPEG-SDM']}`, { level: 1 });
      expectInvalid(clerk, 'level');
      expect(clerk.body.message).toMatch(
        /Analis Sumber Daya Manusia Aparatur berjenjang 1 .*pimpinannya Kepala Sub Bagian Umum dan Kepegawaian berjenjang 3/,
      );
      expect(expectRefused(await admin.patch(`${positions}/${org.positions.SEKRETARIS}`, { level: 1 }), 400, 'INVALID_INPUT').body).toMatchObject({
        field: 'level',
        message: expect.stringMatching(/Sekretaris berjenjang 1 .*atasannya Kepala Dinas Koperasi dan Usaha Mikro berjenjang 1/),
      });
      // The Kasubbag lowered to his staff's jenjang; a new post level with its head; a new unit whose head outranks the one above.
      expectInvalid(await admin.patch(`${positions}/${org.positions['KASUBBAG-UMPEG']}`, { level: 4 }), 'level');
      expectInvalid(
        await admin.post(positions, { unitId: org.units.UMPEG, code: 'UMPEG-UJI', title: 'Analis Uji', level: 3, pasal: 'Pasal 5' }),
        'level',
      );
      const unit = {
        code: 'SUBBAG-UJI',
        name: 'Sub Bagian Uji',
        kind: 'subbagian',
        pasal: 'Pasal 4 ayat (5)',
        parentId: org.units.SEKRETARIAT,
        head: { code: 'KASUBBAG-UJI', title: 'Kepala Sub Bagian Uji', level: 2, authority: { check: true }, authorityPasal: 'Pasal 5 ayat (3)' },
      };
      expectInvalid(await admin.post(units, unit), 'head.level');
      // A Bidang (head at jenjang 2) moved under the Sekretariat (head at jenjang 2).
      expectInvalid(await admin.patch(`${units}/${org.units.PKSP}`, { parentId: org.units.SEKRETARIAT }), 'parentId');
      // Allowed: a unit at its proper jenjang.
      expectStatus(await admin.post(units, { ...unit, head: { ...unit.head, level: 3 } }), 201);

      const chart = await chartOf(admin, org);
      expect(['UMPEG-SDM', 'SEKRETARIS', 'KASUBBAG-UMPEG'].map((c) => positionIn(chart, c).level)).toEqual([4, 2, 3]);
      expect(chart.positions.some((p: { code: string }) => p.code === 'UMPEG-UJI')).toBe(false);
      expect(chart.units.find((u: { code: string }) => u.code === 'PKSP').parentId).toBe(org.units.DKUM);
      expect((await trail(org.id)).map((r) => [r.action, r.subject])).toEqual([
        ['unit_updated', 'ISP'],
        ['unit_updated', 'PPK'],
        ['unit_created', 'SUBBAG-UJI'],
      ]);
      await chainIntact(org.id);
    }, 90_000);

    it('an administrator deactivated while editing: each edit happened before (on the trail) or is refused 401', async () => {
      const org = await createTestOrganization('batam-dkum.yaml');
      const [own, city] = await Promise.all([as(org, ADMIN), as(batam, ADMIN)]);
      const path = `${orgPath(org)}/positions/${org.positions['KASUBBAG-PP']}`;
      const titles = [1, 2, 3, 4, 5, 6].map((i) => `Kepala Sub Bagian Perencanaan Program ${i}`);
      // The account route takes the organisation's lock first, then the official's row; the chart writes now in the same order.
      const [deactivated, ...edits] = await Promise.all([
        city.post(`/api/v1/officials/${org.officials[ADMIN].id}/deactivate`, { reason: 'Pindah tugas' }),
        ...titles.map((title) => own.patch(path, { title })),
      ]);
      expectStatus(deactivated, 200);
      for (const r of edits) expectStatus(r, 200, 401);
      const done = titles.filter((_, i) => edits[i].status === 200);
      const rows = (await trail(org.id)).filter((r) => r.action === 'position_updated');
      expect(rows.map((r) => (r.after as { title: string }).title).sort()).toEqual(done.sort());
      expect(rows.every((r) => r.actorOfficialId === org.officials[ADMIN].id)).toBe(true);
      expectRefused(await own.patch(path, { title: 'Kepala Sub Bagian Perencanaan' }), 401, 'UNAUTHENTICATED');
      await chainIntact(org.id);
    }, 60_000);

    it('a document in review keeps the route fixed at its submission when the chart changes', async () => {
      const org = await createTestOrganization('batam-dkum.yaml');
      const clerk = await as(org, ADMIN);
      const draft = expectStatus(
        await clerk.post('/api/v1/documents', {
          kindCode: 'SURAT_DINAS',
          subject: `Undangan Rapat Koordinasi ${suffix()}`,
          body: '<p>Dengan hormat, kami mengundang Bapak/Ibu untuk menghadiri rapat koordinasi.</p>',
          classification: 'biasa',
          urgency: 'biasa',
          recipients: [{ name: 'Kepala Dinas Perindustrian dan Perdagangan' }],
        }),
        201,
      ).body;
      expectStatus(await clerk.post(`/api/v1/documents/${draft.id}/submit`), 200);
      const ds = await testDataSource();
      const stepsOf = () => ds.getRepository(RouteStepEntity).find({ where: { documentId: draft.id }, order: { round: 'ASC', stepOrder: 'ASC' } });
      const routeOf = async () =>
        (expectStatus(await clerk.get(`/api/v1/documents/${draft.id}`), 200).body.route as Array<Record<string, unknown>>).map(
          ({ round, order, action, kind, position, pasal }) => ({
            round,
            order,
            action,
            kind,
            positionId: (position as { positionId: string }).positionId,
            pasal,
          }),
        );
      // The projection of the submission settled: the first step waits for the Kasubbag.
      await expectEventually(async () => {
        const steps = await stepsOf();
        expect(steps.map((x) => x.state)).toEqual(['pending', 'waiting', 'waiting']);
        expect(steps[0].startedAt).not.toBeNull();
      });
      const stepsBefore = await stepsOf();
      const routeBefore = await routeOf();
      expect(routeBefore.map((s) => [s.action, s.positionId])).toEqual([
        ['paraf', org.positions['KASUBBAG-UMPEG']],
        ['paraf', org.positions.SEKRETARIS],
        ['sign', org.positions.KADIS],
      ]);

      // The chart changes under it: titles, flags and the Pasal of positions on its route, a unit renamed.
      const admin = clerk;
      expectStatus(
        await admin.patch(`${orgPath(org)}/positions/${org.positions.SEKRETARIS}`, {
          title: 'Sekretaris Dinas',
          authority: { paraf: false },
        }),
        200,
      );
      expectStatus(
        await admin.patch(`${orgPath(org)}/positions/${org.positions['KASUBBAG-UMPEG']}`, {
          title: 'Kepala Sub Bagian Umum',
          authorityPasal: 'Pasal 5 ayat (3) huruf g',
        }),
        200,
      );
      expectStatus(
        await admin.patch(`${orgPath(org)}/positions/${org.positions.KADIS}`, { authorityPasal: 'Pasal 3 ayat (4) huruf j dan huruf r' }),
        200,
      );
      expectStatus(await admin.patch(`${orgPath(org)}/units/${org.units.UMPEG}`, { name: 'Sub Bagian Umum' }), 200);
      expectStatus(
        await admin.put(`${orgPath(org)}/signing-authority/SURAT_DINAS`, {
          positions: [{ positionId: org.positions.KADIS, pasal: 'Pasal 3 ayat (4) huruf j' }],
        }),
        200,
      );

      expect(await stepsOf()).toEqual(stepsBefore);
      expect(await routeOf()).toEqual(routeBefore);
      // And the chain goes on along it: the Kasubbag initials the step fixed for him.
      const kasubbag = await as(org, 'KASUBBAG-UMPEG');
      expectStatus(await kasubbag.post(`/api/v1/documents/${draft.id}/actions/paraf`, { versionHash: draft.currentVersion.contentHash }), 200);
      const after = await routeOf();
      expect(after.map(({ action, positionId, pasal }) => ({ action, positionId, pasal }))).toEqual(
        routeBefore.map(({ action, positionId, pasal }) => ({ action, positionId, pasal })),
      );
      // The Sekretaris lost "paraf" after the submission; his step was fixed with it, and he initials it.
      const sekretaris = await as(org, 'SEKRETARIS');
      expectStatus(await sekretaris.post(`/api/v1/documents/${draft.id}/actions/paraf`, { versionHash: draft.currentVersion.contentHash }), 200);
      // The Kepala Dinas signs the last step (with his own TTE), under the authority the table gave at submission.
      const kadis = agent(await stack.api.login(org.officials.KADIS.nip));
      const signed = expectStatus(
        await kadis.post(`/api/v1/documents/${draft.id}/actions/sign`, { ...signing('sign'), versionHash: draft.currentVersion.contentHash }),
        200,
      ).body;
      expect(signed.status).toBe('signed');
      const done = expectStatus(await clerk.get(`/api/v1/documents/${draft.id}`), 200).body;
      expect(
        done.route.map((x: { state: string; position: { positionId: string }; actedBy: { nip: string } }) => [
          x.state,
          x.position.positionId,
          x.actedBy.nip,
        ]),
      ).toEqual([
        ['done', org.positions['KASUBBAG-UMPEG'], org.officials['KASUBBAG-UMPEG'].nip],
        ['done', org.positions.SEKRETARIS, org.officials.SEKRETARIS.nip],
        ['done', org.positions.KADIS, org.officials.KADIS.nip],
      ]);
      // A position on a fixed route cannot be removed while the route names it.
      expect(expectRefused(await admin.delete(`${orgPath(org)}/positions/${org.positions['KASUBBAG-UMPEG']}`), 409, 'CONFLICT').body.message).toMatch(
        /langkah alur naskah/,
      );
      await chainIntact(org.id);
    }, 90_000);
  });

  describe('document kinds', () => {
    const kind = (code: string) => ({
      code,
      name: 'Surat Perintah Uji',
      category: 'arahan',
      layout: 'surat-tugas',
      numberPattern: '{kode}/{nomor}/{unit}/{tahun}',
      strategic: false,
      source: 'Permendagri 1/2023 tentang Tata Naskah Dinas di Lingkungan Pemerintah Daerah, jenis naskah dinas',
    });

    it('any administrator reads them; a city administrator adds and changes them, on the trail of the administrator’s own office', async () => {
      const cityAdmin = await as(batam, ADMIN);
      const code = kindCode();
      const created = expectStatus(await cityAdmin.post(KINDS, kind(code)), 201).body;
      expect(created).toEqual({ ...kind(code), coordinationRequiredPasal: null });
      expect(expectStatus(await cityAdmin.post(KINDS, kind(code)), 200).body).toEqual(created);
      expect(expectRefused(await cityAdmin.post(KINDS, { ...kind(code), name: 'Lain' }), 409, 'CONFLICT').body.field).toBe('code');

      const listed = expectStatus(await (await as(cilegon, ADMIN)).get(KINDS), 200).body;
      expect(listed).toContainEqual(created);
      expect(listed).toContainEqual(
        expect.objectContaining({ code: 'SURAT_KEPUTUSAN', layout: 'keputusan', numberPattern: 'NOMOR {nomor} TAHUN {tahun}', strategic: true }),
      );
      // Drafts choose from it too.
      expect(expectStatus(await (await as(batam, CLERK)).get('/api/v1/document-kinds'), 200).body.map((k: { code: string }) => k.code)).toContain(
        code,
      );

      const change = {
        ...kind(code),
        name: 'Surat Perintah',
        strategic: true,
        numberPattern: '{kode}/{nomor}/SPRIN/{tahun}',
        coordinationRequiredPasal: 'Pasal 9 ayat (2)',
      };
      const { code: _code, ...put } = change;
      // Out of the series it shares with the other kinds into one of its own: refused (DESIGN §6), nothing changed.
      const series = await cityAdmin.put(`${KINDS}/${code}`, { ...put, numberPattern: 'NOMOR {nomor} TAHUN {tahun}' });
      expectInvalid(series, 'numberPattern');
      expect(series.body.message).toMatch(/Surat Perintah Uji dari seri umum \(bersama jenis lain\) ke serinya sendiri/);
      expect(expectStatus(await cityAdmin.put(`${KINDS}/${code}`, put), 200).body).toEqual(change);
      expectStatus(await cityAdmin.put(`${KINDS}/${code}`, put), 200);
      expectRefused(await cityAdmin.put(`${KINDS}/UJI_TIDAK_ADA`, put), 404, 'NOT_FOUND');

      const rows = (await trail(batam.id)).filter((r) => r.action === 'document_kind_set' && r.subject === code);
      expect(rows).toHaveLength(2);
      expect(rows[0]).toMatchObject({ before: null, after: { code, name: 'Surat Perintah Uji', strategic: false } });
      expect(rows[1]).toMatchObject({
        before: { name: 'Surat Perintah Uji', strategic: false, numberPattern: '{kode}/{nomor}/{unit}/{tahun}' },
        after: {
          name: 'Surat Perintah',
          strategic: true,
          numberPattern: '{kode}/{nomor}/SPRIN/{tahun}',
          coordinationRequiredPasal: 'Pasal 9 ayat (2)',
        },
      });
      await chainIntact(batam.id);
    });

    it('a kind offices of another city use is theirs too: refused naming the city; one only the city’s offices use changes, on the trail of each', async () => {
      const cityAdmin = await as(batam, ADMIN);
      const seq = async () => [(await trail(batam.id)).length, (await trail(batam2.id)).length, (await trail(cilegon.id)).length];
      const before = await seq();
      // The probe: Batam's city administrator makes decrees not strategic, for Cilegon's offices too.
      const decree = (expectStatus(await cityAdmin.get(KINDS), 200).body as Array<Record<string, unknown>>).find(
        (k) => k.code === 'SURAT_KEPUTUSAN',
      )!;
      const { code: _decree, ...decreeBody } = decree;
      const refused = expectRefused(await cityAdmin.put(`${KINDS}/SURAT_KEPUTUSAN`, { ...decreeBody, strategic: false }), 403, 'FORBIDDEN');
      expect(refused.body.message).toMatch(/Surat Keputusan dipakai bersama instansi di .*Kota Cilegon/);
      expect(refused.body.message).not.toContain(cilegon.id);
      const seen = (expectStatus(await (await as(cilegon, ADMIN)).get(KINDS), 200).body as Array<Record<string, unknown>>).find(
        (k) => k.code === 'SURAT_KEPUTUSAN',
      );
      expect(seen).toMatchObject({ strategic: true });
      expect(await seq()).toEqual(before);

      // A kind of the city's own, signed in two of its offices: changed, on the trail of the administrator's office and of the other.
      const code = kindCode();
      const { code: _code, ...body } = kind(code);
      expectStatus(await cityAdmin.post(KINDS, kind(code)), 201);
      expectStatus(
        await (await as(batam2, ADMIN)).put(`${orgPath(batam2)}/signing-authority/${code}`, { positions: [{ positionId: batam2.positions.KADIS }] }),
        200,
      );
      expectStatus(await cityAdmin.put(`${KINDS}/${code}`, { ...body, name: 'Surat Perintah Tugas' }), 200);
      for (const org of [batam, batam2]) {
        const rows = (await trail(org.id)).filter((r) => r.action === 'document_kind_set' && r.subject === code && r.before !== null);
        expect(rows).toHaveLength(1);
        expect(rows[0]).toMatchObject({
          actorOfficialId: batam.officials[ADMIN].id,
          before: { code, name: 'Surat Perintah Uji' },
          after: { code, name: 'Surat Perintah Tugas' },
        });
        await chainIntact(org.id);
      }
      // Once a Cilegon office signs it, it is Cilegon's too; taken off Cilegon's table, it is the city's own again.
      const cilegonAdmin = await as(cilegon, ADMIN);
      expectStatus(
        await cilegonAdmin.put(`${orgPath(cilegon)}/signing-authority/${code}`, { positions: [{ positionId: cilegon.positions.KADIS }] }),
        200,
      );
      expect(expectRefused(await cityAdmin.put(`${KINDS}/${code}`, { ...body, strategic: true }), 403, 'FORBIDDEN').body.message).toMatch(
        /Kota Cilegon/,
      );
      expectStatus(await cilegonAdmin.put(`${orgPath(cilegon)}/signing-authority/${code}`, { positions: [] }), 200);
      expect(expectStatus(await cityAdmin.put(`${KINDS}/${code}`, { ...body, strategic: true }), 200).body.strategic).toBe(true);
      expect((await trail(cilegon.id)).filter((r) => r.action === 'document_kind_set')).toEqual([]);
    });

    it('a strategic kind stays strategic while documents submitted under it are in review (UU 30/2014 Pasal 14 ayat (7))', async () => {
      const org = await createTestOrganization('batam-dkum.yaml');
      const cityAdmin = await as(org, ADMIN);
      const code = kindCode();
      const strategic = { ...kind(code), name: 'Keputusan Uji', category: 'korespondensi', layout: 'surat', strategic: true };
      const { code: _code, ...body } = strategic;
      expectStatus(await cityAdmin.post(KINDS, strategic), 201);
      expectStatus(await cityAdmin.put(`${orgPath(org)}/signing-authority/${code}`, { positions: [{ positionId: org.positions.KADIS }] }), 200);
      const draft = expectStatus(
        await cityAdmin.post('/api/v1/documents', {
          kindCode: code,
          subject: `Penetapan Tim Uji ${suffix()}`,
          body: '<p>Menetapkan susunan tim uji.</p>',
          classification: 'biasa',
          urgency: 'biasa',
          recipients: [{ name: 'Kepala Dinas Perindustrian dan Perdagangan' }],
        }),
        201,
      ).body;
      // A draft not yet submitted does not hold it.
      expectStatus(await cityAdmin.put(`${KINDS}/${code}`, { ...body, strategic: false }), 200);
      expectStatus(await cityAdmin.put(`${KINDS}/${code}`, body), 200);
      expectStatus(await cityAdmin.post(`/api/v1/documents/${draft.id}/submit`), 200);
      const refused = expectRefused(await cityAdmin.put(`${KINDS}/${code}`, { ...body, strategic: false }), 409, 'CONFLICT');
      expect(refused.body).toMatchObject({ field: 'strategic', pasal: 'UU 30/2014 Pasal 14 ayat (7)' });
      expect(refused.body.message).toMatch(/tetap bersifat strategis selagi 1 naskah jenis ini dalam proses/);
      // Other changes of the kind go on.
      expectStatus(await cityAdmin.put(`${KINDS}/${code}`, { ...body, name: 'Keputusan Uji Coba' }), 200);
      // Withdrawn, the document no longer holds it.
      expectStatus(await cityAdmin.post(`/api/v1/documents/${draft.id}/actions/withdraw`, { note: 'Dibatalkan' }), 200);
      expect(
        expectStatus(await cityAdmin.put(`${KINDS}/${code}`, { ...body, name: 'Keputusan Uji Coba', strategic: false }), 200).body.strategic,
      ).toBe(false);
      await chainIntact(org.id);
    }, 90_000);

    it('who may not, and malformed kinds naming their field', async () => {
      const code = kindCode();
      expectRefused(await (await as(batam, CLERK)).get(KINDS), 403, 'FORBIDDEN');
      expectRefused(await agent().get(KINDS), 401, 'UNAUTHENTICATED');
      expectRefused(await (await as(cilegon, ADMIN)).post(KINDS, kind(code)), 403, 'FORBIDDEN');
      const { code: _c, ...body } = kind(code);
      expectRefused(await (await as(cilegon, ADMIN)).put(`${KINDS}/NOTA_DINAS`, body), 403, 'FORBIDDEN');
      expectRefused(await (await as(batam, CLERK)).post(KINDS, kind(code)), 403, 'FORBIDDEN');
      const cityAdmin = await as(batam, ADMIN);
      const cases: Array<[object, string]> = [
        [{ ...kind(code), code: 'uji_kecil' }, 'code'],
        [{ ...kind(code), code: 'UJI-1' }, 'code'],
        [{ ...kind(code), layout: 'poster' }, 'layout'],
        [{ ...kind(code), numberPattern: '{kode}/{unit}' }, 'numberPattern'],
        [{ ...kind(code), numberPattern: '{nomor}/{seri}' }, 'numberPattern'],
        [{ ...kind(code), category: 'lainnya' }, 'category'],
        [{ ...kind(code), strategic: 'tidak' }, 'strategic'],
        [{ ...kind(code), source: undefined }, 'source'],
        [{ ...kind(code), source: '  ' }, 'source'],
        [{ ...kind(code), name: 'x'.repeat(101) }, 'name'],
      ];
      for (const [body, field] of cases) expectInvalid(await cityAdmin.post(KINDS, body), field);
      expectInvalid(await cityAdmin.put(`${KINDS}/nota-dinas`, body), 'code');
      expectInvalid(await cityAdmin.put(`${KINDS}/NOTA_DINAS`, { ...body, layout: 'poster' }), 'layout');
      expectInvalid(await cityAdmin.put(`${KINDS}/NOTA_DINAS`, kind(code)), 'code');
      expect(expectStatus(await cityAdmin.get(KINDS), 200).body.some((k: { code: string }) => k.code === code)).toBe(false);
    });
  });

  describe('the authority table', () => {
    it('lists per kind the positions that may sign it, each citing its basis', async () => {
      const table = expectStatus(await (await as(batam, ADMIN)).get(`${orgPath(batam)}/signing-authority`), 200).body as Array<{
        kindCode: string;
        positions: Array<{ code: string; pasal: string }>;
      }>;
      expect(table.find((k) => k.kindCode === 'SURAT_DINAS')).toEqual({
        kindCode: 'SURAT_DINAS',
        kindName: 'Surat Dinas',
        strategic: false,
        positions: [
          {
            positionId: batam.positions.KADIS,
            code: 'KADIS',
            title: 'Kepala Dinas Koperasi dan Usaha Mikro',
            pasal: `${BATAM} Pasal 3 ayat (4) huruf j`,
          },
        ],
      });
      // No Batam Kepala Bidang signs (Pasal 7-10 ayat (4): "untuk ditandatangani pimpinan").
      expect(table.find((k) => k.kindCode === 'NOTA_DINAS')!.positions.map((p) => p.code)).toEqual(['KADIS', 'SEKRETARIS']);
    });

    it('a kind’s signers are replaced; a position that may not sign is refused citing its Pasal; each change on the trail with before and after', async () => {
      const admin = await as(batam2, ADMIN);
      const path = `${orgPath(batam2)}/signing-authority/TELAAHAN_STAF`;
      const set = {
        positions: [
          { positionId: batam2.positions.SEKRETARIS },
          { positionId: batam2.positions.KADIS, pasal: 'Pasal 3 ayat (4) huruf j dan huruf r' },
        ],
      };
      const body = expectStatus(await admin.put(path, set), 200).body;
      expect(body).toEqual({
        kindCode: 'TELAAHAN_STAF',
        kindName: 'Telaahan Staf',
        strategic: false,
        positions: [
          {
            positionId: batam2.positions.KADIS,
            code: 'KADIS',
            title: 'Kepala Dinas Koperasi dan Usaha Mikro',
            pasal: 'Pasal 3 ayat (4) huruf j dan huruf r',
          },
          { positionId: batam2.positions.SEKRETARIS, code: 'SEKRETARIS', title: 'Sekretaris', pasal: `${BATAM} Pasal 4 ayat (4) huruf cc` },
        ],
      });
      expectStatus(await admin.put(path, set), 200);

      // The Kepala Bidang may not sign (Pasal 7 ayat (4) huruf z): refused, citing it.
      const refused = expectRefused(
        await admin.put(path, { positions: [{ positionId: batam2.positions.KADIS }, { positionId: batam2.positions['KABID-ISP'] }] }),
        422,
        'RULE_VIOLATION',
      );
      expect(refused.body).toMatchObject({ pasal: `${BATAM} Pasal 7 ayat (4) huruf z`, field: 'positions.1.positionId' });
      expect(refused.body.message).toMatch(/jabatan ini tidak berwenang menandatangani menurut Perwako Batam 14\/2023 Pasal 7 ayat \(4\) huruf z/);
      // Nor a pelaksana, nor another office's Kepala Dinas.
      expectRefused(await admin.put(path, { positions: [{ positionId: batam2.positions['UMPEG-SDM'] }] }), 422, 'RULE_VIOLATION');
      expect(expectRefused(await admin.put(path, { positions: [{ positionId: cilegon.positions.KADIS }] }), 422, 'RULE_VIOLATION').body.field).toBe(
        'positions.0.positionId',
      );
      expectInvalid(
        await admin.put(path, { positions: [{ positionId: batam2.positions.KADIS }, { positionId: batam2.positions.KADIS }] }),
        'positions.1.positionId',
      );
      expectInvalid(await admin.put(path, { positions: [{ positionId: 'KADIS' }] }), 'positions.0.positionId');
      expectInvalid(await admin.put(path, { positions: 'KADIS' }), 'positions');
      expectInvalid(await admin.put(path, {}), 'positions');
      expectRefused(await admin.put(`${orgPath(batam2)}/signing-authority/TIDAK_ADA`, set), 404, 'NOT_FOUND');
      expectInvalid(await admin.put(`${orgPath(batam2)}/signing-authority/telaahan-staf`, set), 'kindCode');

      // Taken off the table, the Sekretaris keeps signing other kinds; emptied, the kind has no signer.
      expect(expectStatus(await admin.put(path, { positions: [] }), 200).body.positions).toEqual([]);
      const rows = (await trail(batam2.id)).filter((r) => r.action === 'signing_authority_set' && r.subject === 'TELAAHAN_STAF');
      expect(rows).toHaveLength(2);
      expect(rows[0]).toMatchObject({
        before: { kind: 'TELAAHAN_STAF', positions: [{ code: 'SEKRETARIS', pasal: `${BATAM} Pasal 4 ayat (4) huruf cc` }] },
        after: { kind: 'TELAAHAN_STAF', positions: [{ code: 'KADIS', pasal: 'Pasal 3 ayat (4) huruf j dan huruf r' }, { code: 'SEKRETARIS' }] },
      });
      expect(rows[1]).toMatchObject({ before: { positions: [{ code: 'KADIS' }, { code: 'SEKRETARIS' }] }, after: { positions: [] } });
      await chainIntact(batam2.id);
    });

    it('nested input that is no object is refused in Bahasa Indonesia, naming the field', async () => {
      const admin = await as(batam2, ADMIN);
      const cityAdmin = await as(batam, ADMIN);
      const base = newOrganization(`BTM-N-${suffix()}`);
      const position = `${orgPath(batam2)}/positions/${batam2.positions['KASUBBAG-PP']}`;
      const unit = { code: 'UJI', name: 'Unit Uji', kind: 'bidang', pasal: 'Pasal 3', parentId: batam2.units.DKUM };
      const cases: Array<[Promise<Response>, string]> = [
        // The probe: class-validator's own English for a null in a list of objects.
        [admin.put(`${orgPath(batam2)}/signing-authority/TELAAHAN_STAF`, { positions: [null] }), 'positions'],
        [admin.put(`${orgPath(batam2)}/signing-authority/TELAAHAN_STAF`, { positions: ['KADIS', 7] }), 'positions'],
        [admin.patch(position, { authority: null }), 'authority'],
        [admin.patch(position, { authority: 'semua' }), 'authority'],
        [admin.patch(orgPath(batam2), { letterhead: null }), 'letterhead'],
        [admin.post(`${orgPath(batam2)}/units`, { ...unit, head: 'KABID' }), 'head'],
        [admin.post(`${orgPath(batam2)}/units`, { ...unit, head: { code: 'KABID-UJI', title: 'Kabid', level: 2, authority: 1 } }), 'head.authority'],
        [cityAdmin.post(ORGS, { ...base, unit: 'DISPERINDAG' }), 'unit'],
        [cityAdmin.post(ORGS, { ...base, letterhead: [] }), 'letterhead'],
        [cityAdmin.post(ORGS, { ...base, unit: { ...base.unit, head: null } }), 'unit.head'],
        [cityAdmin.post(ORGS, { ...base, unit: { ...base.unit, head: { ...base.unit.head, authority: 'ya' } } }), 'unit.head.authority'],
      ];
      for (const [request, field] of cases) {
        const res = await request;
        expectInvalid(res, field);
        const reasons: string[] = res.body.errors.flatMap((e: { reasons: string[] }) => e.reasons);
        expect(reasons.length).toBeGreaterThan(0);
        expect(reasons.join(' | ')).not.toMatch(/must|should|nested property|each value/i);
        expect(reasons.join(' | ')).toMatch(/harus berupa/);
      }
    });

    it('a position off every row of the table may lose "sign"; it then cannot be put back on the table', async () => {
      const org = await createTestOrganization('cilegon-dkukm.yaml');
      const admin = await as(org, ADMIN);
      const table = expectStatus(await admin.get(`${orgPath(org)}/signing-authority`), 200).body as Array<{
        kindCode: string;
        positions: Array<{ code: string; positionId: string }>;
      }>;
      const kinds = table.filter((k) => k.positions.some((p) => p.code === 'KABID-UMKM'));
      expect(kinds.length).toBeGreaterThan(0);
      const path = `${orgPath(org)}/positions/${org.positions['KABID-UMKM']}`;
      expect(expectRefused(await admin.patch(path, { authority: { sign: false } }), 422, 'RULE_VIOLATION').body.pasal).toMatch(
        /^Perwako Cilegon 18\/2022 Pasal 22/,
      );
      for (const k of kinds) {
        const rest = k.positions.filter((p) => p.code !== 'KABID-UMKM').map((p) => ({ positionId: p.positionId }));
        expectStatus(await admin.put(`${orgPath(org)}/signing-authority/${k.kindCode}`, { positions: rest }), 200);
      }
      expect(expectStatus(await admin.patch(path, { authority: { sign: false } }), 200).body).toMatchObject({
        authority: { sign: false },
        signs: [],
      });
      const again = expectRefused(
        await admin.put(`${orgPath(org)}/signing-authority/${kinds[0].kindCode}`, { positions: [{ positionId: org.positions['KABID-UMKM'] }] }),
        422,
        'RULE_VIOLATION',
      );
      expect(again.body.pasal).toMatch(/^Perwako Cilegon 18\/2022 Pasal 22/);
      const rows = (await trail(org.id)).filter((r) => r.action === 'position_updated');
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ subject: 'KABID-UMKM', before: { authority: { sign: true } }, after: { authority: { sign: false } } });
      await chainIntact(org.id);
    }, 60_000);
  });

  describe('the trail', () => {
    it('newest first, with the actor’s name, paged, and whether its chain is intact', async () => {
      const admin = await as(batam2, ADMIN);
      const all = (await trail(batam2.id)).reverse();
      expect(all.length).toBeGreaterThan(3);
      const first = expectStatus(await admin.get(`${orgPath(batam2)}/audit?limit=2`), 200).body;
      expect(first.chainIntact).toBe(true);
      expect(first.brokenAtSeq).toBeNull();
      expect(first.events.map((e: { seq: number }) => e.seq)).toEqual([all[0].seq, all[1].seq]);
      expect(first.events[0]).toMatchObject({
        action: all[0].action,
        subject: all[0].subject,
        before: all[0].before,
        after: all[0].after,
        at: expect.any(String),
      });
      const names = new Set(first.events.map((e: { actor: { name: string } }) => e.actor.name));
      expect([...names].every((n) => ['Andi Saputra'].includes(n as string))).toBe(true);
      expect(first.nextCursor).toBe(all[1].seq);
      const second = expectStatus(await admin.get(`${orgPath(batam2)}/audit?limit=2&cursor=${first.nextCursor}`), 200).body;
      expect(second.events.map((e: { seq: number }) => e.seq)).toEqual([all[2].seq, all[3].seq]);
      const rest = expectStatus(await admin.get(`${orgPath(batam2)}/audit?limit=200`), 200).body;
      expect(rest.events).toHaveLength(all.length);
      expect(rest.nextCursor).toBeNull();
      // The city administrator's edit names the city administrator.
      expect(rest.events.some((e: { actor: { officialId: string } }) => e.actor.officialId === batam.officials[ADMIN].id)).toBe(true);

      for (const q of ['limit=0', 'limit=201', 'limit=x', 'cursor=0', 'cursor=-1', 'cursor=abc']) {
        expectInvalid(await admin.get(`${orgPath(batam2)}/audit?${q}`), q.split('=')[0]);
      }
      expectRefused(await (await as(batam2, CLERK)).get(`${orgPath(batam2)}/audit`), 403, 'FORBIDDEN');
      expectRefused(await (await as(cilegon, ADMIN)).get(`${orgPath(batam2)}/audit`), 403, 'FORBIDDEN');
    });

    it('a broken chain is reported', async () => {
      const org = await createTestOrganization('cilegon-dkukm.yaml');
      const admin = await as(org, ADMIN);
      expectStatus(await admin.patch(orgPath(org), { name: 'Dinas Koperasi, UKM Kota Cilegon' }), 200);
      expectStatus(await admin.patch(orgPath(org), { name: 'Dinas Koperasi, Usaha Kecil dan Menengah' }), 200);
      await (await testDataSource()).query(`UPDATE organization_audit_event SET subject = 'diubah' WHERE organization_id = ? AND seq = 1`, [org.id]);
      expect(expectStatus(await admin.get(`${orgPath(org)}/audit`), 200).body).toMatchObject({ chainIntact: false, brokenAtSeq: 1 });
    }, 60_000);
  });

  describe('who may not', () => {
    it('every route: 401 without a session, 403 for a clerk and for another office’s administrator, 404 across cities and for unknown ids', async () => {
      type Route = ['get' | 'post' | 'put' | 'patch' | 'delete', string, object?];
      const routes = (org: SeededOrganization): Route[] => [
        ['get', orgPath(org)],
        ['patch', orgPath(org), { name: 'Dinas X' }],
        ['get', `${orgPath(org)}/chart`],
        ['get', `${orgPath(org)}/audit`],
        ['get', `${orgPath(org)}/signing-authority`],
        ['put', `${orgPath(org)}/signing-authority/NOTA_DINAS`, { positions: [] }],
        [
          'post',
          `${orgPath(org)}/units`,
          { code: 'UJI', name: 'Unit Uji', kind: 'kelompok-fungsional', pasal: 'Pasal 11', parentId: Object.values(org.units)[0] },
        ],
        ['patch', `${orgPath(org)}/units/${Object.values(org.units)[1]}`, { name: 'Unit X' }],
        ['delete', `${orgPath(org)}/units/${Object.values(org.units)[1]}`],
        ['post', `${orgPath(org)}/positions`, { unitId: Object.values(org.units)[1], code: 'UJI', title: 'Uji', level: 4, pasal: 'Pasal 1' }],
        ['patch', `${orgPath(org)}/positions/${org.positions.KADIS}`, { title: 'X' }],
        ['delete', `${orgPath(org)}/positions/${org.positions[CLERK]}`],
      ];
      const call = (a: Agent, [method, path, body]: Route) =>
        method === 'get' ? a.get(path) : method === 'delete' ? a.delete(path) : a[method](path, body);
      const seqBefore = (await trail(batam.id)).length;
      const cilegonSeqBefore = (await trail(cilegon.id)).length;

      for (const route of routes(batam)) {
        expectRefused(await call(agent(), route), 401, 'UNAUTHENTICATED');
        expectRefused(await call(await as(batam, CLERK), route), 403, 'FORBIDDEN');
        // Cilegon's administrator is no administrator of a Batam office.
        expectRefused(await call(await as(cilegon, ADMIN), route), 403, 'FORBIDDEN');
      }
      // Batam's city administrator: Cilegon is another city, its offices not his business.
      for (const route of routes(cilegon)) expectRefused(await call(await as(batam, ADMIN), route), 404, 'NOT_FOUND');
      // An organisation that does not exist.
      const ghost = { ...batam, id: UNKNOWN } as SeededOrganization;
      for (const route of routes(ghost)) expectRefused(await call(await as(batam, ADMIN), route), 404, 'NOT_FOUND');
      // Unknown units and positions of an organisation that exists.
      const admin = await as(batam, ADMIN);
      for (const path of [`units/${UNKNOWN}`, `positions/${UNKNOWN}`, `units/${randomUUID()}`, `positions/${batam2.positions.KADIS}`]) {
        expectRefused(await admin.patch(`${orgPath(batam)}/${path}`, path.startsWith('units') ? { name: 'X' } : { title: 'X' }), 404, 'NOT_FOUND');
        expectRefused(await admin.delete(`${orgPath(batam)}/${path}`), 404, 'NOT_FOUND');
      }
      for (const bad of ['bukan-uuid', '1', "'%20OR%201=1"]) {
        expectInvalid(await admin.get(`${ORGS}/${bad}/chart`), 'orgId');
        expectInvalid(await admin.patch(`${orgPath(batam)}/units/${bad}`, { name: 'X' }), 'unitId');
        expectInvalid(await admin.delete(`${orgPath(batam)}/positions/${bad}`), 'positionId');
      }
      expect((await trail(batam.id)).length).toBe(seqBefore);
      expect((await trail(cilegon.id)).length).toBe(cilegonSeqBefore);
    });
  });
});
