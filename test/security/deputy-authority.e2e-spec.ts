import type { Response } from 'supertest';
import { AssignmentEntity } from '@naskah/persistence';
import { SeededOrganization } from '@naskah/seed';
import { TestApi, TEST_TTE_PASSPHRASE } from '../support/api';
import { createTestOrganization, testDataSource } from '../support/fixtures';
import { useApiAndWorker } from '../support/stack';

/**
 * Attack: a deputy who may not sign, signing. Cilegon Pasal 29 ayat (2) lets the Sekretaris
 * appoint the Kepala Sub Bagian PEPK as Plh., who acts within his own authority too: he gives paraf
 * but never signs (Pasal 16 huruf f angka 3), as himself or as Plh. Sekretaris.
 */
let api: TestApi;
const stack = useApiAndWorker('naskah-deputy');
beforeAll(() => {
  api = stack.api;
});

const HOUR = 3_600_000;
const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();
const CONSIDERATION = 'Sekretaris sedang dinas luar; surat bersifat segera dan tenggatnya besok.';

function expectStatus(res: Response, status: number): Response {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  return res;
}

describe('Cilegon Pasal 29 ayat (2) with Pasal 16 huruf f angka 3: a deputy acts within his own authority', () => {
  let org: SeededOrganization;
  const as = async (code: string) => api.as(await api.login(org.officials[code].nip));
  beforeAll(async () => {
    org = await createTestOrganization('cilegon-dkukm.yaml');
  });

  /** A draft of the Sub Bagian Umum clerk that the Sekretaris signs (or paraf, then the Kepala Dinas signs). */
  async function waitingAtSekretaris(kindCode: 'NOTA_DINAS' | 'SURAT_DINAS') {
    const clerk = await as('UMPEG-ARSIP');
    const created = expectStatus(
      await clerk.post('/api/v1/documents', {
        kindCode,
        subject: 'Penyampaian Laporan Keuangan Triwulan',
        body: '<p>Isi</p>',
        classification: 'biasa',
        urgency: 'segera',
        recipients: [{ unitId: org.units.KOP }],
        ...(kindCode === 'NOTA_DINAS' ? { signerPositionId: org.positions.SEKRETARIS } : {}),
      }),
      201,
    ).body;
    const versionHash = created.currentVersion.contentHash as string;
    expectStatus(await clerk.post(`/api/v1/documents/${created.id}/submit`), 200);
    expectStatus(await (await as('KASUBBAG-UMPEG')).post(`/api/v1/documents/${created.id}/actions/paraf`, { versionHash }), 200);
    return { id: created.id as string, versionHash };
  }

  it('the appointment is accepted and says the deputy will not be able to sign, citing Pasal 16 huruf f angka 3', async () => {
    const res = expectStatus(
      await (
        await as('SEKRETARIS')
      ).post('/api/v1/delegations', {
        principalPositionId: org.positions.SEKRETARIS,
        deputyPositionId: org.positions['KASUBBAG-PEPK'],
        validFrom: iso(-HOUR),
        validTo: iso(48 * HOUR),
        reason: 'dinas_luar',
      }),
      201,
    );
    expect(res.body).toMatchObject({ pasal: 'Perwako Cilegon 18/2022 Pasal 29 ayat (2)', capacity: 'plh' });
    expect(res.body.limits).toHaveLength(1);
    expect(res.body.limits[0]).toMatch(/menandatangani.*Pasal 16 huruf f angka 3/);
  });

  it('signing as Plh. Sekretaris is refused with 422 naming both Pasal; the step stays pending for the Sekretaris', async () => {
    const doc = await waitingAtSekretaris('NOTA_DINAS');
    const pepk = await as('KASUBBAG-PEPK');
    // The page does not offer what the deputy's own post may not do.
    expect(expectStatus(await pepk.get(`/api/v1/documents/${doc.id}`), 200).body.allowedActions).not.toContain('sign');
    const refused = expectStatus(
      await pepk.post(`/api/v1/documents/${doc.id}/actions/sign`, {
        passphrase: TEST_TTE_PASSPHRASE,
        versionHash: doc.versionHash,
        consideration: CONSIDERATION,
      }),
      422,
    );
    expect(refused.body.pasal).toContain('Perwako Cilegon 18/2022 Pasal 29 ayat (2)');
    expect(refused.body.pasal).toContain('Pasal 16 huruf f angka 3');
    const sekretaris = await as('SEKRETARIS');
    const view = expectStatus(await sekretaris.get(`/api/v1/documents/${doc.id}`), 200).body;
    expect(view.status).toBe('in_review');
    expect(view.route.find((s: { action: string }) => s.action === 'sign')).toMatchObject({ state: 'pending', actedBy: null });
    expect(view.allowedActions).toContain('sign');
    expectStatus(
      await sekretaris.post(`/api/v1/documents/${doc.id}/actions/sign`, { passphrase: TEST_TTE_PASSPHRASE, versionHash: doc.versionHash }),
      200,
    );
  });

  it('paraf as Plh. Sekretaris stays within his authority and is accepted', async () => {
    const doc = await waitingAtSekretaris('SURAT_DINAS');
    const res = expectStatus(
      await (
        await as('KASUBBAG-PEPK')
      ).post(`/api/v1/documents/${doc.id}/actions/paraf`, { versionHash: doc.versionHash, consideration: CONSIDERATION }),
      200,
    );
    const step = res.body.steps.find((s: { capacity: string | null }) => s.capacity === 'plh');
    expect(step).toMatchObject({
      action: 'paraf',
      state: 'done',
      actedByOfficialId: org.officials['KASUBBAG-PEPK'].id,
      principalOfficialId: org.officials.SEKRETARIS.id,
    });
  });

  it('an appointment whose period has already ended is refused at creation (400 on validTo)', async () => {
    const res = expectStatus(
      await (
        await as('KADIS')
      ).post('/api/v1/delegations', {
        principalPositionId: org.positions.KADIS,
        deputyPositionId: org.positions.SEKRETARIS,
        validFrom: iso(-48 * HOUR),
        validTo: iso(-HOUR),
        reason: 'cuti',
      }),
      400,
    );
    expect(res.body.field ?? JSON.stringify(res.body)).toContain('validTo');
  });
});

describe('Cilegon Pasal 29 ayat (1): an appointment binds two officials in two posts', () => {
  it('the deputy transferred away from his post no longer acts a.n., though the period runs on', async () => {
    const org = await createTestOrganization('cilegon-dkukm.yaml');
    const as = async (code: string) => api.as(await api.login(org.officials[code].nip));
    const clerk = await as('UMPEG-ARSIP');
    const created = expectStatus(
      await clerk.post('/api/v1/documents', {
        kindCode: 'SURAT_DINAS',
        subject: 'Penyampaian Rencana Kerja Koperasi',
        body: '<p>Isi</p>',
        classification: 'biasa',
        urgency: 'segera',
        recipients: [{ unitId: org.units.KOP }],
      }),
      201,
    ).body;
    const versionHash = created.currentVersion.contentHash as string;
    expectStatus(await clerk.post(`/api/v1/documents/${created.id}/submit`), 200);
    for (const code of ['KASUBBAG-UMPEG', 'SEKRETARIS']) {
      expectStatus(await (await as(code)).post(`/api/v1/documents/${created.id}/actions/paraf`, { versionHash }), 200);
    }
    expectStatus(
      await (
        await as('KADIS')
      ).post('/api/v1/delegations', {
        principalPositionId: org.positions.KADIS,
        deputyPositionId: org.positions.SEKRETARIS,
        validFrom: iso(-HOUR),
        validTo: iso(48 * HOUR),
        reason: 'dinas_luar',
      }),
      201,
    );
    const sekretaris = await as('SEKRETARIS');
    // Mutasi: the Sekretaris's assignment ended yesterday.
    await (
      await testDataSource()
    )
      .getRepository(AssignmentEntity)
      .update(
        { officialId: org.officials.SEKRETARIS.id, positionId: org.positions.SEKRETARIS },
        { validTo: new Date(Date.now() - 24 * HOUR).toISOString().slice(0, 10) },
      );
    const refused = await sekretaris.post(`/api/v1/documents/${created.id}/actions/sign`, {
      passphrase: TEST_TTE_PASSPHRASE,
      versionHash,
      consideration: CONSIDERATION,
    });
    expect(refused.status).toBe(403);
    const kadis = await as('KADIS');
    expect(expectStatus(await kadis.get(`/api/v1/documents/${created.id}`), 200).body.allowedActions).toContain('sign');
  });
});
