import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Response } from 'supertest';
import { parse, stringify } from 'yaml';
import { readDocumentKinds } from '@naskah/org-files';
import {
  AssignmentEntity,
  OfficialEntity,
  OrganizationAuditEventEntity,
  OrganizationEntity,
  PositionEntity,
  todayInJakarta,
  UnitEntity,
  verifyOrganizationAuditChain,
} from '@naskah/persistence';
import { SeededOrganization } from '@naskah/seed';
import { expectStatus } from '../support/api';
import { createTestOrganization, randomNip, testDataSource } from '../support/fixtures';
import { useApiAndWorker } from '../support/stack';

/**
 * Onboarding by organisation file (issue 15): a whole office imported from one YAML file in the
 * seed format, through the API and the CLI, idempotently, with errors naming line and field; a
 * third office of Kota Batam (a fictional Dinas Komunikasi dan Informatika, test/fixtures) loaded
 * without any code change, whose clerk's draft then routes by its own chart and authority table.
 */

const ROOT = join(__dirname, '..', '..');
const FIXTURE = readFileSync(join(ROOT, 'test', 'fixtures', 'organizations', 'batam-diskominfo.yaml'), 'utf8');
const IMPORT = '/api/v1/admin/organizations/import';
const exportOf = (id: string) => `/api/v1/admin/organizations/${id}/export`;
/** A password of the policy (10+ characters of several kinds, not the NIP, the name or the demo password). */
const NEW_PASSWORD = 'Kominfo-Uji#2026';

const stack = useApiAndWorker('naskah-admin-files');
const execFileAsync = promisify(execFile);

interface Office {
  text: string;
  code: string;
  /** The fixture's NIP → the NIP this copy uses. */
  nips: Map<string, string>;
}

/** The third office under a code and NIPs of its own: every test imports a fresh copy. */
function freshOffice(source = FIXTURE): Office {
  const code = `T-${randomBytes(5).toString('hex')}-KOMINFO`;
  const nips = new Map<string, string>();
  const text = source.replace(/^code: BTM-DISKOMINFO$/m, `code: ${code}`).replace(/nip: "(\d{18})"/g, (_, nip: string) => {
    if (!nips.has(nip)) nips.set(nip, randomNip());
    return `nip: "${nips.get(nip)}"`;
  });
  return { text, code, nips };
}

const FIXTURE_NIP = { adminOfOffice: '199006032015031004', clerk: '199208212018011002', kabidIkp: '197911082006041003' };

/** Line (from 1) of the first occurrence of `needle`. */
function lineOf(text: string, needle: string): number {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`"${needle}" is not in the file`);
  return text.slice(0, at).split('\n').length;
}

function importAs(token: string | null, text: string | undefined, opts: { type?: string; query?: string } = {}) {
  const req = stack.api.http.post(`${IMPORT}${opts.query ?? ''}`).set('Content-Type', opts.type ?? 'application/yaml');
  if (token) req.set('Authorization', `Bearer ${token}`);
  return text === undefined ? req : req.send(text);
}

function exportAs(token: string | null, organizationId: string) {
  const req = stack.api.http
    .get(exportOf(organizationId))
    .buffer(true)
    .parse((res, cb) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (data += c));
      // Errors are JSON; the file is text.
      res.on('end', () => cb(null, /json/.test(String(res.headers['content-type'])) ? JSON.parse(data) : data));
    });
  return token ? req.set('Authorization', `Bearer ${token}`) : req;
}

function expectRefused(res: Response, status: number, code: string): void {
  expectStatus(res, status);
  expect(res.body).toMatchObject({ statusCode: status, code, message: expect.any(String) });
}

const db = () => testDataSource();
const trail = async (organizationId: string) =>
  (await db()).getRepository(OrganizationAuditEventEntity).find({ where: { organizationId }, order: { seq: 'ASC' } });
/** The trail's imports (it also holds the password resets that hand out the office's first passwords). */
const imports = async (organizationId: string) => (await trail(organizationId)).filter((e) => e.action === 'organization_imported');
const organizationByCode = async (code: string) => (await db()).getRepository(OrganizationEntity).findOneBy({ code });
async function positionsOf(organizationId: string): Promise<Record<string, string>> {
  const rows = await (await db()).getRepository(PositionEntity).findBy({ organizationId });
  return Object.fromEntries(rows.map((p) => [p.code, p.id]));
}
const officialByNip = async (nip: string) => (await db()).getRepository(OfficialEntity).findOneByOrFail({ nip });

const tokens = new Map<string, string>();
async function tokenOf(org: SeededOrganization, code: string): Promise<string> {
  const key = `${org.code}/${code}`;
  if (!tokens.has(key)) tokens.set(key, await stack.api.login(org.officials[code].nip, undefined, { tte: false }));
  return tokens.get(key)!;
}

async function login(nip: string, password: string): Promise<string> {
  return expectStatus(await stack.api.http.post('/api/v1/auth/login').send({ nip, password }), 200).body.accessToken as string;
}

describe('onboarding by organisation file: import and export of a whole office', () => {
  let batam: SeededOrganization;
  let cilegon: SeededOrganization;
  /** A Cilegon office whose administrator is also the city administrator of Kota Cilegon. */
  let cilegonCity: SeededOrganization;
  let cityAdmin: string;

  beforeAll(async () => {
    [batam, cilegon, cilegonCity] = await Promise.all([
      createTestOrganization('batam-dkum.yaml'),
      createTestOrganization('cilegon-dkukm.yaml'),
      createTestOrganization('cilegon-dkukm.yaml'),
    ]);
    await (await db()).getRepository(OfficialEntity).update({ id: cilegonCity.officials['UMPEG-ARSIP'].id }, { roles: ['admin', 'city-admin'] });
    // The Batam test office's UMPEG-ARSIP is the city administrator of Kota Batam (batam-dkum.yaml).
    cityAdmin = await tokenOf(batam, 'UMPEG-ARSIP');
  }, 120_000);

  describe('the third office, imported by the Batam city administrator', () => {
    const office = freshOffice();
    let organizationId: string;

    it('a dry run reports what would be made and writes nothing', async () => {
      const res = expectStatus(await importAs(cityAdmin, office.text, { query: '?dryRun=true' }), 200);
      expect(res.body).toMatchObject({ code: office.code, created: true, changed: true, dryRun: true });
      expect(res.body.summary.units).toEqual({ created: 6, updated: 0, unchanged: 0 });
      expect(await organizationByCode(office.code)).toBeNull();
    });

    it('is created (201) with a report of every item, one trail event with the file’s SHA-256; new officials cannot log in yet', async () => {
      const res = expectStatus(await importAs(cityAdmin, office.text), 201);
      expect(res.body).toMatchObject({ code: office.code, created: true, changed: true, dryRun: false, notInFile: [] });
      expect(res.body.sha256).toBe(createHash('sha256').update(office.text).digest('hex'));
      expect(res.body.summary).toEqual({
        organization: { created: 1, updated: 0, unchanged: 0 },
        units: { created: 6, updated: 0, unchanged: 0 },
        positions: { created: 12, updated: 0, unchanged: 0 },
        officials: { created: 12, updated: 0, unchanged: 0 },
        assignments: { created: 12, ended: 0, unchanged: 0 },
        // Every kind of document-kinds.yaml has a signer here (SURAT_UNDANGAN and NOTA_DINAS from the file's own table).
        signingAuthority: { created: 8, updated: 0, unchanged: 0 },
      });
      expect(res.body.changes).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ item: 'unit', action: 'created', subject: 'IKP' }),
          expect.objectContaining({ item: 'signing_authority', subject: 'SURAT_UNDANGAN', message: 'Penanda tangan SURAT_UNDANGAN: SEKRETARIS' }),
        ]),
      );

      const org = (await organizationByCode(office.code))!;
      organizationId = org.id;
      expect(res.body.organizationId).toBe(org.id);
      expect(org).toMatchObject({
        city: 'Kota Batam',
        name: 'Dinas Komunikasi dan Informatika',
        regulationCitation: 'Contoh Fiktif SOTK Diskominfo',
      });
      const units = await (await db()).getRepository(UnitEntity).findBy({ organizationId: org.id });
      const byCode = new Map(units.map((u) => [u.code, u]));
      expect(byCode.get('IKP')!.reportsViaUnitId).toBe(byCode.get('SEKRETARIAT')!.id);

      const events = await trail(org.id);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        action: 'organization_imported',
        subject: office.code,
        actorOfficialId: batam.officials['UMPEG-ARSIP'].id,
        after: expect.objectContaining({ sha256: res.body.sha256, created: true }),
      });
      expect(await verifyOrganizationAuditChain((await db()).manager, org.id)).toBeNull();

      const clerk = await officialByNip(office.nips.get(FIXTURE_NIP.clerk)!);
      expect(clerk).toMatchObject({ organizationId: org.id, mustChangePassword: true, active: true, roles: [] });
      expect((await officialByNip(office.nips.get(FIXTURE_NIP.adminOfOffice)!)).roles).toEqual(['admin']);
      const refused = await stack.api.http.post('/api/v1/auth/login').send({ nip: clerk.nip, password: 'naskah123' });
      expectRefused(refused, 401, 'INVALID_CREDENTIALS');
    });

    it('the same file again changes nothing and records nothing (200)', async () => {
      const res = expectStatus(await importAs(cityAdmin, office.text), 200);
      expect(res.body).toMatchObject({ created: false, changed: false, changes: [], notInFile: [] });
      expect(res.body.summary).toEqual({
        organization: { created: 0, updated: 0, unchanged: 1 },
        units: { created: 0, updated: 0, unchanged: 6 },
        positions: { created: 0, updated: 0, unchanged: 12 },
        officials: { created: 0, updated: 0, unchanged: 12 },
        assignments: { created: 0, ended: 0, unchanged: 12 },
        signingAuthority: { created: 0, updated: 0, unchanged: 8 },
      });
      expect(await trail(organizationId)).toHaveLength(1);
    });

    it('its clerk, given a password by the office’s administrator, drafts and submits; the route follows its chart and its authority table', async () => {
      // The office administrator's first password: handed out by the city administrator (who administers the city's offices).
      const officeAdminRow = await officialByNip(office.nips.get(FIXTURE_NIP.adminOfOffice)!);
      const handedOut = expectStatus(await stack.api.as(cityAdmin).post(`/api/v1/officials/${officeAdminRow.id}/password-reset`, {}), 200);
      const adminFirst = await login(officeAdminRow.nip, handedOut.body.temporaryPassword as string);
      const adminChanged = expectStatus(
        await stack.api
          .as(adminFirst)
          .post('/api/v1/auth/password', { currentPassword: handedOut.body.temporaryPassword as string, newPassword: NEW_PASSWORD }),
        200,
      );
      const officeAdmin = adminChanged.body.accessToken as string;

      const clerk = await officialByNip(office.nips.get(FIXTURE_NIP.clerk)!);
      const reset = expectStatus(await stack.api.as(officeAdmin).post(`/api/v1/officials/${clerk.id}/password-reset`, {}), 200);
      const temporary = reset.body.temporaryPassword as string;
      const first = await login(clerk.nip, temporary);
      const changed = expectStatus(
        await stack.api.as(first).post('/api/v1/auth/password', { currentPassword: temporary, newPassword: NEW_PASSWORD }),
        200,
      );
      const token = changed.body.accessToken as string;
      const as = stack.api.as(token);

      const positions = await positionsOf(organizationId);
      const draft = async (kindCode: string) =>
        expectStatus(
          await as.post('/api/v1/documents', {
            kindCode,
            subject: `Rapat Koordinasi Layanan Informasi Publik ${randomBytes(2).toString('hex')}`,
            body: '<p>Dengan hormat, kami mengundang Bapak/Ibu untuk menghadiri rapat koordinasi layanan informasi publik.</p>',
            classification: 'biasa',
            urgency: 'biasa',
            recipients: [{ name: 'Kepala Dinas Perhubungan Kota Batam', address: 'Batam Centre' }],
          }),
          201,
        ).body as { id: string; route: Array<{ position: { positionId: string }; action: string }> };

      // Surat Dinas (the Kepala Dinas signs, by default): the Bidang answers through the Sekretaris (reportsVia).
      const suratDinas = await draft('SURAT_DINAS');
      expect(suratDinas.route.map((s) => [s.position.positionId, s.action])).toEqual([
        [positions['KABID-IKP'], 'paraf'],
        [positions.SEKRETARIS, 'paraf'],
        [positions.KADIS, 'sign'],
      ]);
      // Surat Undangan: this office's table names the Sekretaris alone.
      const undangan = await draft('SURAT_UNDANGAN');
      expect(undangan.route.map((s) => [s.position.positionId, s.action])).toEqual([
        [positions['KABID-IKP'], 'paraf'],
        [positions.SEKRETARIS, 'sign'],
      ]);

      const submitted = expectStatus(await as.post(`/api/v1/documents/${suratDinas.id}/submit`, {}), 200);
      expect(submitted.body).toMatchObject({ status: 'in_review', round: 1, currentStep: { order: 1, action: 'paraf' } });
      const doc = expectStatus(await as.get(`/api/v1/documents/${suratDinas.id}`), 200).body;
      expect(doc.route.map((s: { position: { positionId: string }; action: string }) => [s.position.positionId, s.action])).toEqual([
        [positions['KABID-IKP'], 'paraf'],
        [positions.SEKRETARIS, 'paraf'],
        [positions.KADIS, 'sign'],
      ]);
    });

    it('export, then import of the exported file: nothing changes; an edit of it changes only what was edited', async () => {
      const exported = expectStatus(await exportAs(cityAdmin, organizationId), 200);
      expect(exported.headers['content-type']).toMatch(/^application\/yaml/);
      expect(exported.headers['content-disposition']).toBe(`attachment; filename="${office.code}.yaml"`);
      const text = exported.body as string;
      expect(text).toMatch(/^# Berkas organisasi Dinas Komunikasi dan Informatika/);
      const file = parse(text);
      expect(file.signingAuthority.SURAT_UNDANGAN).toEqual(['SEKRETARIS']);
      // Every kind of the instance is listed (other specs of the run may have added kinds through the administration API).
      expect(Object.keys(file.signingAuthority)).toEqual(expect.arrayContaining(readDocumentKinds().kinds.map((k) => k.code)));
      expect(file.units[0].units[1]).toMatchObject({ code: 'IKP', reportsVia: 'SEKRETARIAT' });

      const again = expectStatus(await importAs(cityAdmin, text), 200);
      expect(again.body).toMatchObject({ changed: false, changes: [] });
      expect(await imports(organizationId)).toHaveLength(1);

      // A new head of the Bidang IKP, a unit renamed, a clerk's post left out of the file.
      const newNip = randomNip();
      const edited = text
        .replace(office.nips.get(FIXTURE_NIP.kabidIkp)!, newNip)
        .replace('name: Ferry Kurniawan', 'name: Teguh Santoso')
        .replace('name: Bidang Aplikasi Informatika', 'name: Bidang Aplikasi Informatika dan Persandian')
        .replace(/\n {8}staff:\n {10}- code: APTIKA-PRAKOM\n(.*\n){3}/, '\n');
      expect(edited).not.toContain('APTIKA-PRAKOM');
      const res = expectStatus(await importAs(cityAdmin, edited), 200);
      expect(res.body.summary).toMatchObject({
        units: { created: 0, updated: 1, unchanged: 5 },
        officials: { created: 1, updated: 0, unchanged: 10 },
        assignments: { created: 1, ended: 1, unchanged: 10 },
      });
      expect(res.body.changes).toEqual(
        expect.arrayContaining([
          {
            item: 'unit',
            action: 'updated',
            subject: 'APTIKA',
            message: 'Unit APTIKA diubah: name',
            fields: { name: { before: 'Bidang Aplikasi Informatika', after: 'Bidang Aplikasi Informatika dan Persandian' } },
          },
        ]),
      );
      expect(res.body.notInFile).toEqual([
        { item: 'position', code: 'APTIKA-PRAKOM', message: expect.stringMatching(/tidak ada dalam berkas, dibiarkan$/) },
      ]);
      // The post changed hands: the old assignment ends yesterday (or, made today, is withdrawn), the new one starts today.
      const positions = await positionsOf(organizationId);
      const assignments = await (await db()).getRepository(AssignmentEntity).findBy({ positionId: positions['KABID-IKP'] });
      const today = todayInJakarta();
      const current = assignments.filter((a) => a.validFrom <= today && (a.validTo === null || a.validTo >= today));
      expect(current).toEqual([expect.objectContaining({ officialId: (await officialByNip(newNip)).id, kind: 'definitif', validFrom: today })]);
      expect(await (await db()).getRepository(PositionEntity).existsBy({ id: positions['APTIKA-PRAKOM'] })).toBe(true);

      expect(await imports(organizationId)).toHaveLength(2);
      expect(await verifyOrganizationAuditChain((await db()).manager, organizationId)).toBeNull();
      // The edited file again: nothing more.
      expect(expectStatus(await importAs(cityAdmin, edited), 200).body.changed).toBe(false);
      expect(await imports(organizationId)).toHaveLength(2);
    });

    it('an organisation’s own administrator updates it, but may not make anyone city administrator through the file', async () => {
      const officeAdmin = await login(office.nips.get(FIXTURE_NIP.adminOfOffice)!, NEW_PASSWORD);
      const text = expectStatus(await exportAs(officeAdmin, organizationId), 200).body as string;
      expect(expectStatus(await importAs(officeAdmin, text), 200).body.changed).toBe(false);
      const escalated = text.replace('roles: [ admin ]', 'roles: [ admin, city-admin ]');
      expect(escalated).not.toBe(text);
      const res = expectRefused400(await importAs(officeAdmin, escalated));
      expect(res).toEqual([
        {
          line: lineOf(escalated, 'city-admin ]'),
          column: expect.any(Number),
          field: expect.stringMatching(/^units\.0\.units\.0\.units\.0\.staff\.\d\.holder\.roles$/),
          message: 'Peran city-admin hanya dapat diberikan oleh administrator kota',
        },
      ]);
    });
  });

  /** The errors of a 400, each with its line, column, field and message. */
  function expectRefused400(res: Response): Array<{ line: number; column: number; field: string; message: string }> {
    expectRefused(res, 400, 'INVALID_INPUT');
    expect(res.body.errors.length).toBeGreaterThan(0);
    for (const e of res.body.errors)
      expect(e).toEqual({ line: expect.any(Number), column: expect.any(Number), field: expect.any(String), message: expect.any(String) });
    return res.body.errors;
  }

  it('a file with problems is refused (400) naming line and field of each, and nothing is written', async () => {
    const base = freshOffice();
    const nipOf = (fixtureNip: string) => base.nips.get(fixtureNip)!;

    const syntax = `${base.text.slice(0, base.text.indexOf('units:'))}units: [\n  - code: X\n`;
    const syntaxErrors = expectRefused400(await importAs(cityAdmin, syntax));
    expect(syntaxErrors[0]).toMatchObject({ field: '', message: expect.stringMatching(/^Sintaks YAML tidak sah/) });
    expect(syntaxErrors[0].line).toBeGreaterThanOrEqual(lineOf(syntax, 'units: ['));

    const missing = base.text.replace(/^regulation: .*\n/m, '');
    expect(expectRefused400(await importAs(cityAdmin, missing))).toEqual([
      { line: lineOf(missing, 'code:'), column: 1, field: 'regulation', message: 'wajib diisi' },
    ]);

    const badLevel = base.text.replace('level: 3\n', 'level: 5\n');
    expect(expectRefused400(await importAs(cityAdmin, badLevel))).toEqual([
      {
        line: lineOf(badLevel, 'level: 5'),
        column: expect.any(Number),
        field: 'units.0.units.0.units.0.head.level',
        message: 'jenjang harus 1, 2, 3 atau 4',
      },
    ]);

    // Several at once: an NIP that cannot be (month 13) and a Bidang reporting via a unit that is not there.
    const clerkNip = nipOf(FIXTURE_NIP.clerk);
    const several = base.text.replace(clerkNip, '199213212018011002').replace('reportsVia: SEKRETARIAT', 'reportsVia: BIDANG-X');
    expect(expectRefused400(await importAs(cityAdmin, several))).toEqual([
      {
        line: lineOf(several, 'reportsVia: BIDANG-X'),
        column: expect.any(Number),
        field: 'units.0.units.1.reportsVia',
        message: 'Unit BIDANG-X (reportsVia) tidak ada dalam berkas',
      },
      {
        line: lineOf(several, '199213212018011002'),
        column: expect.any(Number),
        field: 'units.0.units.1.staff.0.holder.nip',
        message: expect.stringMatching(/^NIP 199213212018011002 \(Adi Nugroho\) tidak sah/),
      },
    ]);

    const nonSigner = base.text.replace('SURAT_UNDANGAN: [SEKRETARIS]', 'SURAT_UNDANGAN: [SEKRETARIS, KABID-IKP]');
    expect(expectRefused400(await importAs(cityAdmin, nonSigner))).toEqual([
      {
        line: lineOf(nonSigner, 'SURAT_UNDANGAN:'),
        column: expect.any(Number),
        field: 'signingAuthority.SURAT_UNDANGAN.1',
        message: expect.stringMatching(/^Jabatan KABID-IKP \(.*\) tidak berwenang menandatangani: kewenangannya \(authority\) tidak memuat sign/),
      },
    ]);

    const unknownKind = base.text.replace('NOTA_DINAS: [', 'SURAT_SAKTI: [');
    expect(expectRefused400(await importAs(cityAdmin, unknownKind))).toEqual([
      {
        line: lineOf(unknownKind, 'SURAT_SAKTI'),
        column: 3,
        field: 'signingAuthority.SURAT_SAKTI',
        message: expect.stringMatching(/^Jenis naskah SURAT_SAKTI tidak ada/),
      },
    ]);

    const misspelt = base.text.replace('reportsViaPasal:', 'reportVia:');
    expect(expectRefused400(await importAs(cityAdmin, misspelt))).toEqual([
      { line: lineOf(misspelt, 'reportVia:'), column: 9, field: 'units.0.units.1.reportVia', message: 'isian tidak dikenal: reportVia' },
    ]);

    const duplicate = base.text.replace('- code: KEU\n', '- code: UMPEG\n');
    expect(expectRefused400(await importAs(cityAdmin, duplicate))).toEqual([
      expect.objectContaining({
        field: 'units.0.units.0.units.1.code',
        message: `Kode unit UMPEG sudah dipakai di baris ${lineOf(duplicate, '- code: UMPEG')}`,
      }),
    ]);

    // An official of another organisation (a Cilegon test office's clerk) named in the file.
    const other = cilegon.officials['KOP-ADM'].nip;
    const stolen = base.text.replace(clerkNip, other);
    expect(expectRefused400(await importAs(cityAdmin, stolen))).toEqual([
      {
        line: lineOf(stolen, other),
        column: expect.any(Number),
        field: 'units.0.units.1.staff.0.holder.nip',
        message: `NIP ${other} sudah terdaftar sebagai pegawai organisasi lain; pegawai tidak dipindahkan antarorganisasi melalui berkas`,
      },
    ]);

    const notYaml = expectRefused400(await importAs(cityAdmin, '- satu\n- dua\n'));
    expect(notYaml).toEqual([{ line: 1, column: 1, field: '', message: expect.stringMatching(/harus berupa peta YAML/) }]);

    expect(await organizationByCode(base.code)).toBeNull();
    expect(await (await db()).getRepository(OfficialEntity).existsBy({ nip: nipOf(FIXTURE_NIP.adminOfOffice) })).toBe(false);
    expect(await (await db()).getRepository(OfficialEntity).findOneByOrFail({ nip: other })).toMatchObject({ organizationId: cilegon.id });
  });

  it('who may not: no token (401), a clerk (403), another office’s administrator (403), another city’s administrator (422 new, 404 existing)', async () => {
    const office = freshOffice();
    expectRefused(await importAs(null, office.text), 401, 'UNAUTHENTICATED');
    expectRefused(await exportAs(null, batam.id), 401, 'UNAUTHENTICATED');

    const clerk = await tokenOf(batam, 'UMPEG-SDM');
    expectRefused(await importAs(clerk, office.text), 403, 'FORBIDDEN');
    expectRefused(await exportAs(clerk, batam.id), 403, 'FORBIDDEN');

    // Cilegon's administrator (no city role): no new office, no other office's file, no export of Batam's.
    const cilegonAdmin = await tokenOf(cilegon, 'UMPEG-ARSIP');
    const refusedNew = await importAs(cilegonAdmin, office.text);
    expectRefused(refusedNew, 403, 'FORBIDDEN');
    expect(refusedNew.body.message).toMatch(/administrator kota/);
    const batamFile = expectStatus(await exportAs(cityAdmin, batam.id), 200).body as string;
    expectRefused(await importAs(cilegonAdmin, batamFile), 403, 'FORBIDDEN');
    expectRefused(await exportAs(cilegonAdmin, batam.id), 403, 'FORBIDDEN');

    // Kota Cilegon's city administrator: not a Kota Batam office, new or existing.
    const otherCity = await tokenOf(cilegonCity, 'UMPEG-ARSIP');
    const wrongCity = await importAs(otherCity, office.text);
    expectRefused(wrongCity, 422, 'RULE_VIOLATION');
    expect(wrongCity.body).toMatchObject({
      field: 'city',
      message: expect.stringMatching(/^Administrator kota Kota Cilegon hanya dapat membuat organisasi di Kota Cilegon/),
    });
    expectRefused(await importAs(otherCity, batamFile), 404, 'NOT_FOUND');
    expectRefused(await exportAs(otherCity, batam.id), 404, 'NOT_FOUND');
    expectRefused(await exportAs(cityAdmin, '00000000-0000-4000-8000-000000000000'), 404, 'NOT_FOUND');
    expectRefused(await exportAs(cityAdmin, 'bukan-uuid'), 400, 'INVALID_INPUT');

    // The wrong media type (415), an empty body (400), a malformed query (400).
    expectRefused(await importAs(cityAdmin, JSON.stringify({ code: office.code }), { type: 'application/json' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectRefused(await importAs(cityAdmin, office.text, { type: 'text/plain' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    const empty = expectRefused400(await importAs(cityAdmin, undefined));
    expect(empty).toEqual([{ line: 1, column: 1, field: '', message: expect.stringMatching(/^Berkas organisasi kosong/) }]);
    expectRefused400(await importAs(cityAdmin, '   \n\n'));
    expectRefused(await importAs(cityAdmin, office.text, { query: '?dryRun=mungkin' }), 400, 'INVALID_INPUT');

    expect(await organizationByCode(office.code)).toBeNull();
    // The Batam office's own file, re-imported by its city administrator: unchanged (a seeded office round-trips too).
    expect(expectStatus(await importAs(cityAdmin, batamFile), 200).body).toMatchObject({ changed: false, created: false });
    expect(await trail(batam.id)).toEqual([]);
  });

  it('two administrators importing the same new office at once: one creates it, the other finds it done; one trail event', async () => {
    const office = freshOffice();
    const [a, b] = await Promise.all([importAs(cityAdmin, office.text), importAs(cityAdmin, office.text)]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    const org = (await organizationByCode(office.code))!;
    expect(await trail(org.id)).toHaveLength(1);
    expect(await verifyOrganizationAuditChain((await db()).manager, org.id)).toBeNull();
    expect(await (await db()).getRepository(PositionEntity).countBy({ organizationId: org.id })).toBe(12);
  });

  it('an office administrator’s file changes no account above his own, nor drops his own last role, nor appoints a Plt. or Plh., nor places an inactive official', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const city = await tokenOf(org, 'UMPEG-ARSIP');
    const patchAs = (token: string, path: string, body: object) => stack.api.http.patch(path).set('Authorization', `Bearer ${token}`).send(body);
    const sdm = org.officials['UMPEG-SDM'];
    expectStatus(await patchAs(city, `/api/v1/admin/officials/${sdm.id}`, { roles: ['admin'] }), 200);
    const orgAdmin = await tokenOf(org, 'UMPEG-SDM');
    const exported = expectStatus(await exportAs(city, org.id), 200).body as string;
    // The office as it is: his to import (nothing changes).
    expect(expectStatus(await importAs(orgAdmin, exported), 200).body.changed).toBe(false);

    type Holder = Record<string, unknown> & { nip: string };
    type Post = { holder?: Holder };
    type Unit = { head?: Post; staff?: Post[]; units?: Unit[] };
    const edited = (change: (postOf: (nip: string) => Post) => void) => {
      const file = parse(exported) as { units: Unit[] };
      const postOf = (nip: string): Post => {
        const visit = (u: Unit): Post | undefined =>
          [u.head, ...(u.staff ?? [])].find((p) => p?.holder?.nip === nip) ?? (u.units ?? []).map(visit).find(Boolean);
        return visit(file.units[0])!;
      };
      change(postOf);
      return stringify(file);
    };
    const refusedWith = async (text: string, field: RegExp, message: RegExp) => {
      const errors = expectRefused400(await importAs(orgAdmin, text));
      expect(errors).toContainEqual(expect.objectContaining({ field: expect.stringMatching(field), message: expect.stringMatching(message) }));
    };

    // The city administrator's own data (he holds a role the office administrator does not).
    await refusedWith(
      edited((postOf) => (postOf(org.officials['UMPEG-ARSIP'].nip).holder!.rank = 'Penata (III/c)')),
      /\.holder$/,
      /peran administrator yang tidak Anda pegang/,
    );
    // His own last administrative role.
    await refusedWith(
      edited((postOf) => (postOf(sdm.nip).holder!.roles = [])),
      /\.holder\.roles$/,
      /terakhirnya sendiri/,
    );
    // A Plh. has a period and a Surat Perintah, which a file does not carry.
    await refusedWith(
      edited((postOf) => (postOf(org.officials['KASUBBAG-PP'].nip).holder!.assignment = 'plh')),
      /\.holder\.assignment$/,
      /UU 30\/2014 Pasal 14 ayat \(2\).*Penugasan/,
    );
    // An inactive official placed on another post.
    const perencana = org.officials['PP-PERENCANA'];
    expectStatus(await stack.api.as(city).post(`/api/v1/officials/${perencana.id}/deactivate`, { reason: 'pensiun' }), 200);
    await refusedWith(
      edited((postOf) => {
        const moved = postOf(perencana.nip).holder!;
        delete postOf(perencana.nip).holder;
        postOf(org.officials['UPTD-ADM'].nip).holder = moved;
      }),
      /\.holder\.nip$/,
      /tidak aktif/,
    );
    // Nothing of it was written.
    expect(await imports(org.id)).toEqual([]);
    expect((await officialByNip(org.officials['UMPEG-ARSIP'].nip)).rank).toBe('Pengatur Tingkat I (II/d)');
    expect((await officialByNip(sdm.nip)).roles).toEqual(['admin']);
  });

  describe('the CLI (npm run org)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'naskah-org-cli-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    /** The CLI's source run by node with the swc hook the build uses for the OpenAPI document; exit code and output. */
    async function org(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
      try {
        const { stdout, stderr } = await execFileAsync(
          process.execPath,
          ['-r', join(ROOT, 'apps/api/src/openapi/swc-register.js'), join(ROOT, 'libs/seed/src/org-cli.ts'), ...args],
          { cwd: ROOT, env: { ...process.env }, timeout: 60_000 },
        );
        return { code: 0, stdout, stderr };
      } catch (e) {
        const err = e as { code?: number; stdout?: string; stderr?: string };
        return { code: typeof err.code === 'number' ? err.code : -1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
      }
    }

    it('imports (dry run, then for real, then again unchanged) and exports; its trail event names no official and "cli"', async () => {
      const office = freshOffice();
      const path = join(dir, `${office.code}.yaml`);
      writeFileSync(path, office.text);

      const dry = await org('import', path, '--dry-run');
      expect(dry).toMatchObject({ code: 0, stdout: expect.stringMatching(/^uji coba \(tidak ada yang disimpan\)/) });
      expect(await organizationByCode(office.code)).toBeNull();

      const first = await org('import', path);
      expect(first.code).toBe(0);
      expect(first.stdout).toMatch(new RegExp(`^${office.code} dibuat: `));
      expect(first.stdout).toContain('unit: 6 dibuat, 0 diubah, 0 tetap');
      const created = (await organizationByCode(office.code))!;
      expect(await trail(created.id)).toEqual([
        expect.objectContaining({ action: 'organization_imported', subject: office.code, actorOfficialId: null, clientAddress: 'cli' }),
      ]);

      const second = await org('import', path);
      expect(second).toMatchObject({ code: 0, stdout: expect.stringMatching(new RegExp(`^${office.code} tidak berubah: 0 perubahan`)) });

      const out = join(dir, 'exported.yaml');
      expect((await org('export', office.code, '--out', out)).code).toBe(0);
      expect(parse(readFileSync(out, 'utf8'))).toMatchObject({ code: office.code, city: 'Kota Batam' });
      const roundTrip = await org('import', out);
      expect(roundTrip).toMatchObject({ code: 0, stdout: expect.stringMatching(/tidak berubah: 0 perubahan/) });
      expect(await trail(created.id)).toHaveLength(1);

      const stdoutExport = await org('export', office.code);
      expect(stdoutExport.code).toBe(0);
      expect(parse(stdoutExport.stdout).code).toBe(office.code);
    });

    it('a bad file: a non-zero exit with each problem as file:line:column: field: message; a wrong command line: usage', async () => {
      const office = freshOffice();
      const bad = office.text.replace(office.nips.get(FIXTURE_NIP.clerk)!, '199213212018011002').replace('level: 2\n', 'level: 9\n');
      const path = join(dir, 'bad.yaml');
      writeFileSync(path, bad);
      const res = await org('import', path);
      expect(res.code).toBe(1);
      expect(res.stderr.trim().split('\n')).toEqual([
        `${path}:${lineOf(bad, 'level: 9')}:${bad.split('\n')[lineOf(bad, 'level: 9') - 1].indexOf('9') + 1}: units.0.units.0.head.level: jenjang harus 1, 2, 3 atau 4`,
      ]);
      const nipOnly = office.text.replace(office.nips.get(FIXTURE_NIP.clerk)!, '199213212018011002');
      writeFileSync(path, nipOnly);
      const nipRes = await org('import', path);
      expect(nipRes.code).toBe(1);
      expect(nipRes.stderr).toContain(`${path}:${lineOf(nipOnly, '199213212018011002')}:`);
      expect(nipRes.stderr).toContain('units.0.units.1.staff.0.holder.nip: NIP 199213212018011002 (Adi Nugroho) tidak sah');
      expect(await organizationByCode(office.code)).toBeNull();

      expect((await org('export', 'TIDAK-ADA')).code).toBe(1);
      expect((await org('hapus', office.code)).code).toBe(2);
      expect((await org('import')).stderr).toMatch(/^usage: npm run org/);
    });
  });
});
