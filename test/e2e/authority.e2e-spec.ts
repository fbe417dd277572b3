import { TND_PARAF_HIERARKI } from '@naskah/domain';
import { verifyAuditChain } from '@naskah/persistence';
import { SeededOrganization } from '@naskah/seed';
import { expectStatus, officialAgents, TestApi, TEST_TTE_PASSPHRASE } from '../support/api';
import { createTestOrganization, testDataSource } from '../support/fixtures';
import { useApiAndWorker } from '../support/stack';

/**
 * The rules as the regulations write them (issue 13): who signs (Batam Pasal 7-10 ayat (4), Pasal 5
 * ayat (3)), every citation with its Pasal, ayat and huruf, and the tembusan of reports (Cilegon
 * Pasal 28 ayat (9)).
 */
let api: TestApi;
const stack = useApiAndWorker('naskah-authority');
beforeAll(() => {
  api = stack.api;
});

const as = officialAgents(() => api);

const CILEGON_RULE = 'Perwako Cilegon 18/2022 Pasal 28 ayat (9)';
const WAIVER = 'Laporan ini hanya menyangkut pekerjaan Sub Bagian sendiri; tidak ada unit lain yang terkait.';

interface View {
  id: string;
  status: string;
  tembusanWaiverReason: string | null;
  currentVersion: { versionNo: number; contentHash: string };
  route: Array<{ action: string; pasal: string; position: { positionId: string } }>;
  history: Array<{ type: string; data: Record<string, unknown> }>;
}

const content = (extra: Record<string, unknown> = {}) => ({
  subject: 'Laporan Realisasi Kegiatan Triwulan I',
  body: '<p>Bersama ini kami sampaikan laporan realisasi kegiatan triwulan I.</p>',
  classification: 'biasa',
  urgency: 'biasa',
  ...extra,
});

async function create(org: SeededOrganization, who: string, body: Record<string, unknown>, status = 201) {
  return expectStatus(await (await as(org, who)).post('/api/v1/documents', body), status).body;
}

async function view(org: SeededOrganization, who: string, id: string): Promise<View> {
  return expectStatus(await (await as(org, who)).get(`/api/v1/documents/${id}`), 200).body;
}

const fieldsOf = (body: { field?: string; errors?: Array<{ field: string }> }) => [body.field, ...(body.errors ?? []).map((e) => e.field)];

describe('Batam Pasal 7-10 ayat (4) and Pasal 5 ayat (3) huruf t: "untuk ditandatangani pimpinan" (they correct, they do not sign)', () => {
  let org: SeededOrganization;
  beforeAll(async () => {
    org = await createTestOrganization('batam-dkum.yaml');
  });

  it.each(['SURAT_DINAS', 'NOTA_DINAS'])(
    'Pasal 7 ayat (4) huruf z: naming the Kepala Bidang as signer of a %s is 422 with the Pasal',
    async (kindCode) => {
      const res = await create(
        org,
        'ISP-ADM',
        {
          ...content({ subject: 'Undangan Rapat Pengawasan Koperasi' }),
          kindCode,
          recipients: [{ unitId: org.units.SEKRETARIAT }],
          signerPositionId: org.positions['KABID-ISP'],
        },
        422,
      );
      expect(res).toMatchObject({
        code: 'RULE_VIOLATION',
        field: 'signerPositionId',
        pasal: `Perwako Batam 14/2023 Pasal 7 ayat (4) huruf z; ${TND_PARAF_HIERARKI}`,
        message: expect.stringContaining('tidak berwenang menandatangani'),
      });
    },
  );

  it('Pasal 5 ayat (3) huruf g dan t: naming the Kasubbag Umum dan Kepegawaian as signer is 422 with the Pasal', async () => {
    const res = await create(
      org,
      'UMPEG-ARSIP',
      { ...content(), kindCode: 'LAPORAN', recipients: [{ unitId: org.units.SEKRETARIAT }], signerPositionId: org.positions['KASUBBAG-UMPEG'] },
      422,
    );
    expect(res).toMatchObject({
      code: 'RULE_VIOLATION',
      field: 'signerPositionId',
      pasal: 'Perwako Batam 14/2023 Pasal 5 ayat (3) huruf g dan huruf t',
    });
  });

  it('Pasal 3 ayat (4) huruf j: the default route of a Bidang Surat Dinas has the Kepala Bidang initial and the Kepala Dinas sign, each step cited', async () => {
    const doc: View = await create(org, 'ISP-ADM', {
      ...content({ subject: 'Undangan Rapat Pengawasan Koperasi' }),
      kindCode: 'SURAT_DINAS',
      recipients: [{ name: 'Kepala Dinas Perindustrian dan Perdagangan Kota Batam' }],
    });
    expect(doc.route.map((s) => [s.action, s.position.positionId, s.pasal])).toEqual([
      ['paraf', org.positions['KABID-ISP'], `Perwako Batam 14/2023 Pasal 7 ayat (4) huruf z; ${TND_PARAF_HIERARKI}`],
      ['sign', org.positions.KADIS, 'Perwako Batam 14/2023 Pasal 3 ayat (4) huruf j'],
    ]);
    const versionHash = doc.currentVersion.contentHash;
    expectStatus(await (await as(org, 'ISP-ADM')).post(`/api/v1/documents/${doc.id}/submit`), 200);
    // His step is a paraf: a signature from him is refused, his paraf taken, the Kepala Dinas signs.
    expectStatus(
      await (await as(org, 'KABID-ISP')).post(`/api/v1/documents/${doc.id}/actions/sign`, { passphrase: TEST_TTE_PASSPHRASE, versionHash }),
      409,
    );
    expectStatus(await (await as(org, 'KABID-ISP')).post(`/api/v1/documents/${doc.id}/actions/paraf`, { versionHash }), 200);
    const signed = expectStatus(
      await (await as(org, 'KADIS')).post(`/api/v1/documents/${doc.id}/actions/sign`, { passphrase: TEST_TTE_PASSPHRASE, versionHash }),
      200,
    );
    expect(signed.body.status).toBe('signed');
  });

  it('the authority table has no Kepala Bidang or Kasubbag row, and every row cites the regulation with a Pasal and its ayat or huruf', async () => {
    const rows: Array<{ position_id: string; pasal: string }> = await (
      await testDataSource()
    ).query('SELECT position_id, pasal FROM signing_authority WHERE organization_id = ?', [org.id]);
    expect(rows.length).toBeGreaterThan(0);
    const signers = new Set(rows.map((r) => r.position_id));
    expect([...signers].sort()).toEqual([org.positions.KADIS, org.positions.SEKRETARIS].sort());
    for (const r of rows) expect(r.pasal).toMatch(/^Perwako Batam 14\/2023 Pasal \d+ ayat \(\d+\) huruf [a-z]+$/);
  });
});

describe('Cilegon Pasal 28 ayat (9): "tembusan laporan wajib disampaikan" to the units that work with it', () => {
  let org: SeededOrganization;
  beforeAll(async () => {
    org = await createTestOrganization('cilegon-dkukm.yaml');
  });
  /** A new version's content (the kind is the draft's own); `laporan` for a new draft. */
  const revision = (extra: Record<string, unknown>, baseVersionNo: number) => ({
    ...content(extra),
    recipients: [{ unitId: org.units.DKUKM }],
    baseVersionNo,
  });
  const laporan = (extra: Record<string, unknown> = {}) => ({ ...content(extra), kindCode: 'LAPORAN', recipients: [{ unitId: org.units.DKUKM }] });

  it('a Laporan without tembusan is refused at submission with 422 citing the Pasal, and accepted once it has one', async () => {
    const doc: View = await create(org, 'PEPK-KEUANGAN', laporan());
    const clerk = await as(org, 'PEPK-KEUANGAN');
    const refused = expectStatus(await clerk.post(`/api/v1/documents/${doc.id}/submit`), 422).body;
    expect(refused).toMatchObject({
      code: 'RULE_VIOLATION',
      pasal: CILEGON_RULE,
      field: 'tembusan',
      message: expect.stringContaining('wajib ditembuskan'),
    });
    expect((await view(org, 'PEPK-KEUANGAN', doc.id)).status).toBe('draft');

    expectStatus(await clerk.put(`/api/v1/documents/${doc.id}`, revision({ tembusan: [{ unitId: org.units.UMPEG }] }, 1)), 200);
    expect(expectStatus(await clerk.post(`/api/v1/documents/${doc.id}/submit`), 200).body.status).toBe('in_review');
  });

  it('a Laporan whose drafter states why none applies is accepted; the reason shows on the document and in its audit trail', async () => {
    const doc: View = await create(org, 'PEPK-KEUANGAN', laporan({ tembusanWaiverReason: `  ${WAIVER} ` }));
    expect(doc.tembusanWaiverReason).toBe(WAIVER);
    expect(doc.history[0]).toMatchObject({ type: 'created', data: { tembusanWaiverReason: WAIVER } });
    const version = expectStatus(await (await as(org, 'PEPK-KEUANGAN')).get(`/api/v1/documents/${doc.id}/versions/1`), 200).body;
    expect(version.fields).toMatchObject({ tembusan: [], tembusanWaiverReason: WAIVER });

    expectStatus(await (await as(org, 'PEPK-KEUANGAN')).post(`/api/v1/documents/${doc.id}/submit`), 200);
    // The reviewer reads it too.
    const seen = await view(org, 'KASUBBAG-PEPK', doc.id);
    expect(seen.tembusanWaiverReason).toBe(WAIVER);
    expect(seen.history.map((h) => h.type)).toEqual(['created', 'submitted']);
    expect(await verifyAuditChain((await testDataSource()).manager, doc.id)).toBeNull();
  });

  it('the rule holds at resubmission: a revision that drops the tembusan is refused until a reason is stated', async () => {
    const doc: View = await create(org, 'PEPK-KEUANGAN', laporan({ tembusan: [{ unitId: org.units.KOP }] }));
    const clerk = await as(org, 'PEPK-KEUANGAN');
    expectStatus(await clerk.post(`/api/v1/documents/${doc.id}/submit`), 200);
    expectStatus(
      await (
        await as(org, 'KASUBBAG-PEPK')
      ).post(`/api/v1/documents/${doc.id}/actions/return`, { versionHash: doc.currentVersion.contentHash, note: 'Perbaiki angka realisasi.' }),
      200,
    );
    expectStatus(await clerk.put(`/api/v1/documents/${doc.id}`, revision({}, 1)), 200);
    const refused = expectStatus(await clerk.post(`/api/v1/documents/${doc.id}/actions/resubmit`), 422).body;
    expect(refused).toMatchObject({ code: 'RULE_VIOLATION', pasal: CILEGON_RULE, field: 'tembusan' });
    expect((await view(org, 'PEPK-KEUANGAN', doc.id)).status).toBe('returned');

    const revised = expectStatus(await clerk.put(`/api/v1/documents/${doc.id}`, revision({ tembusanWaiverReason: WAIVER }, 2)), 200).body;
    expect(revised.history.at(-1)).toMatchObject({ type: 'version_saved', data: { versionNo: 3, tembusanWaiverReason: WAIVER } });
    expect(expectStatus(await clerk.post(`/api/v1/documents/${doc.id}/actions/resubmit`), 200).body).toMatchObject({ status: 'in_review', round: 2 });
  });

  it.each<[string, (o: SeededOrganization) => Record<string, unknown>]>([
    ['not text', () => ({ tembusanWaiverReason: 12345 })],
    ['shorter than a note', () => ({ tembusanWaiverReason: 'tdk' })],
    ['blank', () => ({ tembusanWaiverReason: '\u200b     \u00a0' })],
    ['too long', () => ({ tembusanWaiverReason: 'x'.repeat(2001) })],
    ['beside a tembusan', (o) => ({ tembusanWaiverReason: WAIVER, tembusan: [{ unitId: o.units.UMPEG }] })],
  ])('a malformed waiver (%s) is 400 naming the field', async (_why, patch) => {
    const res = await create(org, 'PEPK-KEUANGAN', laporan(patch(org)), 400);
    expect(fieldsOf(res)).toContain('tembusanWaiverReason');
  });

  it('a waiver on another kind than a Laporan is 400 naming the field', async () => {
    const res = await create(org, 'PEPK-KEUANGAN', { ...laporan({ tembusanWaiverReason: WAIVER }), kindCode: 'NOTA_DINAS' }, 400);
    expect(fieldsOf(res)).toContain('tembusanWaiverReason');
  });

  it('the tembusan proposal for a Laporan cites the Pasal here, and nothing in Batam, whose Perwako has no such rule', async () => {
    const proposal = expectStatus(await (await as(org, 'PEPK-KEUANGAN')).get('/api/v1/documents/tembusan-proposal?kindCode=LAPORAN'), 200).body;
    expect(proposal.map((p: { pasal: string }) => p.pasal)).toEqual(proposal.map(() => CILEGON_RULE));
    const batam = await createTestOrganization('batam-dkum.yaml');
    const batamProposal = expectStatus(await (await as(batam, 'PP-ANGGARAN')).get('/api/v1/documents/tembusan-proposal?kindCode=LAPORAN'), 200).body;
    expect(batamProposal.length).toBeGreaterThan(0);
    expect(batamProposal.every((p: { pasal: string | null }) => p.pasal === null)).toBe(true);
    // And a Batam Laporan without tembusan is submitted: the rule is Cilegon's, not Batam's.
    const doc: View = await create(batam, 'PP-ANGGARAN', { ...content(), kindCode: 'LAPORAN', recipients: [{ unitId: batam.units.SEKRETARIAT }] });
    expectStatus(await (await as(batam, 'PP-ANGGARAN')).post(`/api/v1/documents/${doc.id}/submit`), 200);
  });
});

describe('Cilegon Pasal 3 ayat (1) huruf e: the Kelompok Jabatan Fungsional of its own has no head', () => {
  it('a functional official drafts; the route climbs through the head-less group to the Kepala Dinas, who signs', async () => {
    const org = await createTestOrganization('cilegon-dkukm.yaml');
    const doc: View = await create(org, 'KJF-ANALIS', {
      ...content({ subject: 'Kajian Kebijakan Pemberdayaan Koperasi' }),
      kindCode: 'NOTA_DINAS',
      recipients: [{ unitId: org.units.KOP }],
    });
    expect(doc.route.map((s) => [s.action, s.position.positionId, s.pasal])).toEqual([
      ['sign', org.positions.KADIS, 'Perwako Cilegon 18/2022 Pasal 7 huruf f'],
    ]);
    expectStatus(await (await as(org, 'KJF-ANALIS')).post(`/api/v1/documents/${doc.id}/submit`), 200);
    const signed = expectStatus(
      await (
        await as(org, 'KADIS')
      ).post(`/api/v1/documents/${doc.id}/actions/sign`, { passphrase: TEST_TTE_PASSPHRASE, versionHash: doc.currentVersion.contentHash }),
      200,
    );
    expect(signed.body.status).toBe('signed');
  });
});
