import { AccountAuditEventEntity, DelegationEntity, verifyAccountAuditChain } from '@naskah/persistence';
import { SeededOrganization } from '@naskah/seed';
import { expectStatus, TestApi, TEST_TTE_PASSPHRASE } from '../support/api';
import { createTestOrganization, OfficeFile, testDataSource } from '../support/fixtures';
import { useApiAndWorker } from '../support/stack';

let api: TestApi;
const HOUR = 3_600_000;
const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();
const CONSIDERATION = 'Surat bersifat segera; Kepala Dinas sedang dinas luar dan tenggat kegiatan besok.';

const stack = useApiAndWorker('naskah-deleg');
beforeAll(() => {
  api = stack.api;
});

async function as(org: SeededOrganization, code: string) {
  return api.as(await api.login(org.officials[code].nip));
}

/** A Surat Dinas from a Sub Bagian clerk, moved along until it waits at `stopAt`. */
/**
 * A Sub Bagian draft waiting at the given post; a kind that requires paraf koordinasi (a decree) gets
 * the Kepala Bidang named as coordinator, who initials after the Kasubbag.
 */
async function documentWaitingAt(
  org: SeededOrganization,
  stopAt: 'KASUBBAG-UMPEG' | 'SEKRETARIS' | 'KADIS',
  kindCode = 'SURAT_DINAS',
  coordinator?: 'KABID-ISP',
) {
  const clerk = await as(org, 'UMPEG-ARSIP');
  const created = expectStatus(
    await clerk.post('/api/v1/documents', {
      kindCode,
      ...(coordinator ? { coordinatorPositionIds: [org.positions[coordinator]] } : {}),
      subject: 'Penyampaian Data Koperasi',
      body: '<p>Isi</p>',
      classification: 'biasa',
      urgency: 'segera',
      recipients: [{ name: 'Wali Kota' }],
    }),
    201,
  );
  const id = created.body.id as string;
  const versionHash = created.body.currentVersion.contentHash as string;
  expectStatus(await clerk.post(`/api/v1/documents/${id}/submit`), 200);
  if (stopAt !== 'KASUBBAG-UMPEG') {
    expectStatus(await (await as(org, 'KASUBBAG-UMPEG')).post(`/api/v1/documents/${id}/actions/paraf`, { versionHash }), 200);
    if (coordinator) expectStatus(await (await as(org, coordinator)).post(`/api/v1/documents/${id}/actions/paraf`, { versionHash }), 200);
  }
  if (stopAt === 'KADIS') expectStatus(await (await as(org, 'SEKRETARIS')).post(`/api/v1/documents/${id}/actions/paraf`, { versionHash }), 200);
  return { id, versionHash };
}

async function appoint(
  org: SeededOrganization,
  by: string,
  principal: string,
  deputyPositionId: string,
  extra: { from?: string; to?: string; onBehalfReason?: string } = {},
) {
  return (await as(org, by)).post('/api/v1/delegations', {
    principalPositionId: org.positions[principal],
    deputyPositionId,
    validFrom: extra.from ?? iso(-HOUR),
    validTo: extra.to ?? iso(5 * 24 * HOUR),
    reason: 'dinas_luar',
    note: 'Rapat di provinsi',
    ...(extra.onBehalfReason !== undefined ? { onBehalfReason: extra.onBehalfReason } : {}),
  });
}

/** Each office's own basis (its organisation file): Cilegon's Pasal 29 by ayat; Batam's mandate rules, never Cilegon's. */
const OFFICE: Record<
  OfficeFile,
  { basis: string; head: string; officials: string; officialsCapacity: 'an' | 'plh'; consideration: string | null; refusal: RegExp }
> = {
  'cilegon-dkukm.yaml': {
    basis: 'Perwako Cilegon 18/2022 Pasal 29 (Hal Mewakili)',
    head: 'Perwako Cilegon 18/2022 Pasal 29 ayat (1)',
    officials: 'Perwako Cilegon 18/2022 Pasal 29 ayat (2)',
    officialsCapacity: 'plh',
    consideration: 'Perwako Cilegon 18/2022 Pasal 29 ayat (3)',
    refusal: /^Perwako Cilegon 18\/2022 Pasal 29 ayat \([12]\)$/,
  },
  'batam-dkum.yaml': {
    basis: 'UU 30/2014 Pasal 14 (mandat) dan Tata Naskah Dinas (Permendagri 1/2023); Perwako Batam 14/2023 tidak mengatur hal mewakili',
    head: 'UU 30/2014 Pasal 14 ayat (3); Tata Naskah Dinas (Permendagri 1/2023), penandatanganan atas nama (a.n.)',
    officials: 'UU 30/2014 Pasal 14 ayat (3); Tata Naskah Dinas (Permendagri 1/2023), penandatanganan atas nama (a.n.)',
    officialsCapacity: 'an',
    consideration: null,
    refusal: /^UU 30\/2014 Pasal 14 ayat \(3\); Tata Naskah Dinas \(Permendagri 1\/2023\)/,
  },
};

/** The principal's account trail: appointments and revocations, by whom, why. */
/** The appointments on an official's account trail (signing in also activates the official's test TTE there). */
const trail = async (officialId: string) =>
  (await (await testDataSource()).getRepository(AccountAuditEventEntity).find({ where: { officialId }, order: { seq: 'ASC' } })).filter((e) =>
    e.action.startsWith('deputy_'),
  );

describe.each([['batam-dkum.yaml'], ['cilegon-dkukm.yaml']] as Array<[OfficeFile]>)(
  "acting for another official in %s, under the office's own rules",
  (file) => {
    const rule = OFFICE[file];

    it('the Kepala Dinas appoints the Sekretaris a.n.; the Sekretaris signs a.n., with the consideration where the office requires it', async () => {
      const org = await createTestOrganization(file);
      const doc = await documentWaitingAt(org, 'KADIS');
      // Appointed while the document already waits: authority is checked at the moment of the act.
      const d = expectStatus(await appoint(org, 'KADIS', 'KADIS', org.positions.SEKRETARIS), 201);
      expect(d.body).toMatchObject({
        capacity: 'an',
        state: 'active',
        reason: 'dinas_luar',
        pasal: rule.head,
        recordedBy: null,
        onBehalfReason: null,
      });

      const sekretaris = await as(org, 'SEKRETARIS');
      const inbox = expectStatus(await sekretaris.get('/api/v1/inbox?box=action'), 200).body.items;
      const item = inbox.find((i: { documentId: string }) => i.documentId === doc.id);
      expect(item.actingFor).toMatchObject({ capacity: 'an', principalPositionId: org.positions.KADIS });
      const me = expectStatus(await sekretaris.get('/api/v1/me'), 200).body;
      expect(me.actingFor).toEqual([expect.objectContaining({ capacity: 'an', principalPositionId: org.positions.KADIS })]);

      const view = expectStatus(await sekretaris.get(`/api/v1/documents/${doc.id}`), 200).body;
      expect(view.allowedActions).toContain('sign');
      expect(view.actingFor).toEqual(expect.objectContaining({ capacity: 'an', considerationPasal: rule.consideration }));
      expect(view.signatureBlock.slice(0, 2)).toEqual([`a.n. ${view.route[2].position.title.toUpperCase()}`, 'SEKRETARIS,']);

      if (rule.consideration) {
        // Cilegon Pasal 29 ayat (3): no consideration, no act.
        const bare = expectStatus(
          await sekretaris.post(`/api/v1/documents/${doc.id}/actions/sign`, {
            passphrase: TEST_TTE_PASSPHRASE,
            versionHash: doc.versionHash,
            consideration: '',
          }),
          422,
        );
        expect(bare.body).toMatchObject({ pasal: rule.consideration, field: 'consideration' });
      }
      const consideration = rule.consideration ? CONSIDERATION : null;
      const signed = expectStatus(
        await sekretaris.post(`/api/v1/documents/${doc.id}/actions/sign`, {
          passphrase: TEST_TTE_PASSPHRASE,
          versionHash: doc.versionHash,
          ...(consideration ? { consideration } : {}),
        }),
        200,
      );
      expect(signed.body.status).toBe('signed');

      const after = expectStatus(await (await as(org, 'UMPEG-ARSIP')).get(`/api/v1/documents/${doc.id}`), 200).body;
      expect(after.route[2]).toMatchObject({
        capacity: 'an',
        actedBy: { nip: org.officials.SEKRETARIS.nip },
        principal: { nip: org.officials.KADIS.nip },
        consideration,
      });
      const signedEvent = after.history.find((h: { type: string }) => h.type === 'signed');
      expect(signedEvent).toMatchObject({
        capacity: 'an',
        actor: { nip: org.officials.SEKRETARIS.nip },
        principal: { nip: org.officials.KADIS.nip },
      });
      expect(signedEvent.data.consideration ?? null).toBe(consideration);
      expect(after.signatureBlock).toEqual([
        `a.n. ${after.route[2].position.title.toUpperCase()}`,
        'SEKRETARIS,',
        '(TTE)',
        expect.stringContaining(org.officials.SEKRETARIS.name),
        expect.any(String),
        expect.stringMatching(/^NIP\. \d{8} \d{6} \d \d{3}$/),
      ]);
      // Every act in the history names who acted (numbering, archive and delivery are the system's).
      const acts = after.history.filter((h: { type: string }) => !['numbered', 'signature_made', 'archived', 'delivered'].includes(h.type));
      expect(acts.map((h: { type: string }) => h.type)).toEqual(['created', 'submitted', 'paraf', 'paraf', 'signed']);
      for (const h of acts) expect(h.actor).not.toBeNull();
    });

    it('after revocation the same call is 403; the principal can still act personally', async () => {
      const org = await createTestOrganization(file);
      const doc = await documentWaitingAt(org, 'KADIS');
      const d = expectStatus(await appoint(org, 'KADIS', 'KADIS', org.positions.SEKRETARIS), 201);
      const revoked = expectStatus(await (await as(org, 'KADIS')).delete(`/api/v1/delegations/${d.body.id}`), 200);
      expect(revoked.body.state).toBe('revoked');
      expectStatus(await (await as(org, 'KADIS')).delete(`/api/v1/delegations/${d.body.id}`), 409);
      const refused = expectStatus(
        await (
          await as(org, 'SEKRETARIS')
        ).post(`/api/v1/documents/${doc.id}/actions/sign`, {
          passphrase: TEST_TTE_PASSPHRASE,
          versionHash: doc.versionHash,
          consideration: CONSIDERATION,
        }),
        403,
      );
      expect(refused.body).toMatchObject({ code: 'FORBIDDEN', pasal: rule.basis });
      expectStatus(
        await (
          await as(org, 'KADIS')
        ).post(`/api/v1/documents/${doc.id}/actions/sign`, { passphrase: TEST_TTE_PASSPHRASE, versionHash: doc.versionHash }),
        200,
      );
      // The appointment and its revocation are on the Kepala Dinas' account trail, by him.
      const events = await trail(org.officials.KADIS.id);
      expect(events.map((e) => [e.action, e.actorOfficialId, e.reason])).toEqual([
        ['deputy_appointed', org.officials.KADIS.id, null],
        ['deputy_revoked', org.officials.KADIS.id, null],
      ]);
      expect(events[0].after).toMatchObject({
        delegationId: d.body.id,
        deputyOfficialId: org.officials.SEKRETARIS.id,
        capacity: 'an',
        pasal: rule.head,
      });
      expect(await verifyAccountAuditChain((await testDataSource()).manager, org.officials.KADIS.id)).toBeNull();
    });

    it('after the period the same call is 403', async () => {
      const org = await createTestOrganization(file);
      const doc = await documentWaitingAt(org, 'KADIS');
      // Appointed for three days, two of which have passed (a period already over cannot be appointed).
      const d = expectStatus(await appoint(org, 'KADIS', 'KADIS', org.positions.SEKRETARIS), 201).body;
      await (
        await testDataSource()
      )
        .getRepository(DelegationEntity)
        .update({ id: d.id }, { validFrom: new Date(Date.now() - 3 * 24 * HOUR), validTo: new Date(Date.now() - 24 * HOUR) });
      const past = expectStatus(await (await as(org, 'SEKRETARIS')).get('/api/v1/delegations?role=deputy&state=past'), 200).body;
      expect(past).toHaveLength(1);
      expectStatus(
        await (
          await as(org, 'SEKRETARIS')
        ).post(`/api/v1/documents/${doc.id}/actions/sign`, {
          passphrase: TEST_TTE_PASSPHRASE,
          versionHash: doc.versionHash,
          consideration: CONSIDERATION,
        }),
        403,
      );
    });

    it("refuses with 422 citing the office's own rule: a second overlapping deputy, two levels below, outside the line, another organisation", async () => {
      const org = await createTestOrganization(file);
      const other = await createTestOrganization(file);
      const kabid = Object.keys(org.positions).find((c) => c.startsWith('KABID-'))!;
      expectStatus(await appoint(org, 'KADIS', 'KADIS', org.positions.SEKRETARIS), 201);
      const cases: Array<[string, string, string]> = [
        ['overlapping', 'KADIS', org.positions[kabid]],
        ['two levels below', 'KADIS', org.positions['KASUBBAG-UMPEG']],
        ['outside the line', 'SEKRETARIS', Object.entries(org.positions).find(([c]) => c === 'KA-UPTD' || c === 'KA-UPT')![1]],
        ['another organisation', 'KADIS', other.positions.SEKRETARIS],
        [
          'a pelaksana of another Sub Bagian',
          'KASUBBAG-UMPEG',
          Object.entries(org.positions).find(([c]) => c.startsWith('PP-') || c.startsWith('PEPK-'))![1],
        ],
      ];
      for (const [why, principal, deputy] of cases) {
        const res = await appoint(org, principal, principal, deputy);
        expect([why, res.status]).toEqual([why, 422]);
        expect([why, res.body.pasal]).toEqual([why, expect.stringMatching(rule.refusal)]);
        if (file === 'batam-dkum.yaml') expect(res.body.pasal).not.toMatch(/Cilegon|Pasal 29/);
      }
    });

    it('a paraf step: the Sekretaris away, a Kasubbag deputy gives paraf under the marker the office gives ayat (2)', async () => {
      const org = await createTestOrganization(file);
      const doc = await documentWaitingAt(org, 'SEKRETARIS');
      const d = expectStatus(await appoint(org, 'SEKRETARIS', 'SEKRETARIS', org.positions['KASUBBAG-UMPEG']), 201);
      expect(d.body).toMatchObject({ pasal: rule.officials, capacity: rule.officialsCapacity });
      const kasubbag = await as(org, 'KASUBBAG-UMPEG');
      expectStatus(
        await kasubbag.post(`/api/v1/documents/${doc.id}/actions/paraf`, {
          versionHash: doc.versionHash,
          consideration: 'Sekretaris sakit; naskah perlu segera diteruskan kepada Kepala Dinas.',
        }),
        200,
      );
      const view = expectStatus(await kasubbag.get(`/api/v1/documents/${doc.id}`), 200).body;
      expect(view.route[1]).toMatchObject({
        capacity: rule.officialsCapacity,
        actedBy: { nip: org.officials['KASUBBAG-UMPEG'].nip },
        principal: { nip: org.officials.SEKRETARIS.nip },
      });
      expect(view.route[0]).toMatchObject({ capacity: 'own', actedBy: { nip: org.officials['KASUBBAG-UMPEG'].nip } });
    });

    it("the rules endpoint gives the office's own rule and citation, the posts the caller may appoint for and whom", async () => {
      const org = await createTestOrganization(file);
      const rules = expectStatus(await (await as(org, 'KASUBBAG-UMPEG')).get('/api/v1/delegations/rules'), 200).body;
      expect(rules).toMatchObject({
        organizationId: org.id,
        head: { pasal: rule.head, capacity: 'an' },
        officials: { pasal: rule.officials, capacity: rule.officialsCapacity },
        considerationPasal: rule.consideration,
      });
      // His own post only, with the pelaksana of his own Sub Bagian as candidates.
      expect(rules.principals).toEqual([
        expect.objectContaining({
          positionId: org.positions['KASUBBAG-UMPEG'],
          onBehalf: false,
          capacity: rule.officialsCapacity,
          pasal: rule.officials,
        }),
      ]);
      expect(rules.principals[0].candidates.map((c: { positionId: string }) => c.positionId).sort()).toEqual(
        Object.entries(org.positions)
          .filter(([c]) => c.startsWith('UMPEG-'))
          .map(([, id]) => id)
          .sort(),
      );
      if (file === 'batam-dkum.yaml') expect(JSON.stringify(rules)).not.toMatch(/Cilegon|Pasal 29/);
      // A pelaksana has nobody one level below: nothing to appoint.
      const clerk = Object.keys(org.positions).find((c) => c === 'PP-PERENCANA' || c === 'PEPK-KEUANGAN')!;
      expect(expectStatus(await (await as(org, clerk)).get('/api/v1/delegations/rules'), 200).body.principals).toEqual([]);
    });
  },
);

describe('Cilegon Pasal 29 ayat (2): every Pejabat lingkup Dinas (Pasal 1 angka 14-17) appoints a Plh. one level below', () => {
  it('a Kasubbag appoints a pelaksana of his Sub Bagian (201, Plh., ayat (2)), who gives paraf for him marked Plh. on the route', async () => {
    const org = await createTestOrganization('cilegon-dkukm.yaml');
    const doc = await documentWaitingAt(org, 'KASUBBAG-UMPEG');
    const d = expectStatus(await appoint(org, 'KASUBBAG-UMPEG', 'KASUBBAG-UMPEG', org.positions['UMPEG-SDM']), 201);
    expect(d.body).toMatchObject({
      capacity: 'plh',
      pasal: 'Perwako Cilegon 18/2022 Pasal 29 ayat (2)',
      principal: { positionId: org.positions['KASUBBAG-UMPEG'] },
      deputy: { positionId: org.positions['UMPEG-SDM'] },
      recordedBy: null,
    });
    // His own post may neither sign nor correct: the appointment says so.
    expect(d.body.limits).toEqual([expect.stringMatching(/^Tidak dapat menandatangani/), expect.stringMatching(/^Tidak dapat mengoreksi/)]);

    const deputy = await as(org, 'UMPEG-SDM');
    expect(expectStatus(await deputy.get('/api/v1/me'), 200).body.actingFor).toEqual([
      expect.objectContaining({ capacity: 'plh', principalPositionId: org.positions['KASUBBAG-UMPEG'] }),
    ]);
    const item = expectStatus(await deputy.get('/api/v1/inbox?box=action'), 200).body.items.find(
      (i: { documentId: string }) => i.documentId === doc.id,
    );
    expect(item.actingFor).toMatchObject({ capacity: 'plh', principalPositionId: org.positions['KASUBBAG-UMPEG'] });
    const before = expectStatus(await deputy.get(`/api/v1/documents/${doc.id}`), 200).body;
    expect(before.allowedActions).toEqual(expect.arrayContaining(['paraf', 'return']));
    expect(before.actingFor).toMatchObject({ capacity: 'plh', considerationPasal: 'Perwako Cilegon 18/2022 Pasal 29 ayat (3)' });

    // Ayat (3) holds for a Plh. too.
    const bare = expectStatus(
      await deputy.post(`/api/v1/documents/${doc.id}/actions/paraf`, { versionHash: doc.versionHash, consideration: ' ' }),
      422,
    );
    expect(bare.body).toMatchObject({ pasal: 'Perwako Cilegon 18/2022 Pasal 29 ayat (3)', field: 'consideration' });
    const consideration = 'Kasubbag cuti; permohonan data harus dikirim hari ini.';
    const acted = expectStatus(await deputy.post(`/api/v1/documents/${doc.id}/actions/paraf`, { versionHash: doc.versionHash, consideration }), 200);
    expect(acted.body.steps[0]).toMatchObject({
      state: 'done',
      capacity: 'plh',
      actedByOfficialId: org.officials['UMPEG-SDM'].id,
      principalOfficialId: org.officials['KASUBBAG-UMPEG'].id,
    });
    const view = expectStatus(await (await as(org, 'UMPEG-ARSIP')).get(`/api/v1/documents/${doc.id}`), 200).body;
    expect(view.route[0]).toMatchObject({
      capacity: 'plh',
      actedBy: { nip: org.officials['UMPEG-SDM'].nip },
      principal: { nip: org.officials['KASUBBAG-UMPEG'].nip },
      consideration,
    });
    expect(view.history.find((h: { type: string }) => h.type === 'paraf')).toMatchObject({
      capacity: 'plh',
      principal: { nip: org.officials['KASUBBAG-UMPEG'].nip },
    });
  });

  it('a Kasubbag as Plh. of the Sekretaris signs a Nota Dinas: the block reads "Plh. SEKRETARIS," with the deputy by name', async () => {
    const org = await createTestOrganization('cilegon-dkukm.yaml');
    const clerk = await as(org, 'PEPK-KEUANGAN');
    const created = expectStatus(
      await clerk.post('/api/v1/documents', {
        kindCode: 'NOTA_DINAS',
        subject: 'Penyampaian Laporan Realisasi Anggaran',
        body: '<p>Isi</p>',
        classification: 'biasa',
        urgency: 'biasa',
        recipients: [{ unitId: org.units.KOP }],
        signerPositionId: org.positions.SEKRETARIS,
      }),
      201,
    ).body;
    const versionHash = created.currentVersion.contentHash as string;
    expectStatus(await clerk.post(`/api/v1/documents/${created.id}/submit`), 200);
    expectStatus(await (await as(org, 'KASUBBAG-PEPK')).post(`/api/v1/documents/${created.id}/actions/paraf`, { versionHash }), 200);
    expectStatus(await appoint(org, 'SEKRETARIS', 'SEKRETARIS', org.positions['KASUBBAG-UMPEG']), 201);
    const plh = await as(org, 'KASUBBAG-UMPEG');
    expect(expectStatus(await plh.get(`/api/v1/documents/${created.id}`), 200).body.signatureBlock[0]).toBe('Plh. SEKRETARIS,');
    expectStatus(
      await plh.post(`/api/v1/documents/${created.id}/actions/sign`, {
        passphrase: TEST_TTE_PASSPHRASE,
        versionHash,
        consideration: 'Sekretaris dinas luar; laporan ditunggu Inspektorat besok.',
      }),
      200,
    );
    const signed = expectStatus(await plh.get(`/api/v1/documents/${created.id}`), 200).body;
    expect(signed.route.find((s: { action: string }) => s.action === 'sign')).toMatchObject({
      capacity: 'plh',
      principal: { nip: org.officials.SEKRETARIS.nip },
    });
    expect(signed.signatureBlock.slice(0, 3)).toEqual(['Plh. SEKRETARIS,', '(TTE)', expect.stringContaining(org.officials['KASUBBAG-UMPEG'].name)]);
  });
});

describe('only the official appoints his deputy; an administrator records one for an absent official, saying why', () => {
  it('an unrelated official is 403; the principal sends no on-behalf reason; an administrator without one is 400, with one 201 and recorded as such', async () => {
    const org = await createTestOrganization('cilegon-dkukm.yaml');
    // The Sekretaris is neither the Kepala Dinas nor an administrator.
    const unrelated = expectStatus(await appoint(org, 'SEKRETARIS', 'KADIS', org.positions.SEKRETARIS), 403);
    expect(unrelated.body.code).toBe('FORBIDDEN');
    expectStatus(await appoint(org, 'SEKRETARIS', 'KADIS', org.positions.SEKRETARIS, { onBehalfReason: 'Kepala Dinas dirawat di rumah sakit' }), 403);
    const own = expectStatus(await appoint(org, 'KADIS', 'KADIS', org.positions.SEKRETARIS, { onBehalfReason: 'Saya sendiri yang menunjuk' }), 400);
    expect(own.body.field).toBe('onBehalfReason');

    // UMPEG-ARSIP is the Cilegon administrator (a pelaksana, not the principal).
    const missing = expectStatus(await appoint(org, 'UMPEG-ARSIP', 'KADIS', org.positions.SEKRETARIS), 400);
    expect(missing.body.field).toBe('onBehalfReason');
    const short = expectStatus(await appoint(org, 'UMPEG-ARSIP', 'KADIS', org.positions.SEKRETARIS, { onBehalfReason: 'sakit' }), 400);
    expect(JSON.stringify(short.body)).toContain('onBehalfReason');
    const blank = expectStatus(await appoint(org, 'UMPEG-ARSIP', 'KADIS', org.positions.SEKRETARIS, { onBehalfReason: '              ' }), 400);
    expect(blank.body.field).toBe('onBehalfReason');
    const malformed = expectStatus(
      await (
        await as(org, 'UMPEG-ARSIP')
      ).post('/api/v1/delegations', {
        principalPositionId: org.positions.KADIS,
        deputyPositionId: org.positions.SEKRETARIS,
        validFrom: iso(-HOUR),
        validTo: iso(5 * 24 * HOUR),
        reason: 'sakit',
        onBehalfReason: 42,
      }),
      400,
    );
    expect(malformed.body.errors.map((e: { field: string }) => e.field)).toEqual(['onBehalfReason']);
    expect(await (await testDataSource()).getRepository(DelegationEntity).countBy({ principalPositionId: org.positions.KADIS })).toBe(0);

    const why = 'Kepala Dinas dirawat di rumah sakit; penunjukan disampaikan lisan kepada Sekretaris.';
    const byAdmin = expectStatus(await appoint(org, 'UMPEG-ARSIP', 'KADIS', org.positions.SEKRETARIS, { onBehalfReason: why }), 201);
    expect(byAdmin.body).toMatchObject({
      capacity: 'an',
      pasal: 'Perwako Cilegon 18/2022 Pasal 29 ayat (1)',
      principal: { officialId: org.officials.KADIS.id },
      recordedBy: { officialId: org.officials['UMPEG-ARSIP'].id, nip: org.officials['UMPEG-ARSIP'].nip },
      onBehalfReason: why,
    });
    const listed = expectStatus(await (await as(org, 'KADIS')).get('/api/v1/delegations?role=principal&state=active'), 200).body;
    expect(listed).toEqual([
      expect.objectContaining({ id: byAdmin.body.id, recordedBy: expect.objectContaining({ name: expect.any(String) }), onBehalfReason: why }),
    ]);
    const row = await (await testDataSource()).getRepository(DelegationEntity).findOneByOrFail({ id: byAdmin.body.id });
    expect(row).toMatchObject({
      recordedByOfficialId: org.officials['UMPEG-ARSIP'].id,
      onBehalfReason: why,
      createdByOfficialId: org.officials['UMPEG-ARSIP'].id,
    });
    // On the Kepala Dinas' account trail: recorded by the administrator, with the reason.
    const [appointed] = await trail(org.officials.KADIS.id);
    expect(appointed).toMatchObject({ action: 'deputy_appointed', actorOfficialId: org.officials['UMPEG-ARSIP'].id, reason: why });
    expect(appointed.after).toMatchObject({ delegationId: byAdmin.body.id, recordedOnBehalf: true });

    // The administrator's rules list every post that may appoint, other than his own, as recorded on behalf.
    const rules = expectStatus(await (await as(org, 'UMPEG-ARSIP')).get('/api/v1/delegations/rules'), 200).body;
    expect(rules.principals.find((p: { positionId: string }) => p.positionId === org.positions.KADIS)).toMatchObject({
      onBehalf: true,
      capacity: 'an',
    });
    expect(rules.principals.every((p: { onBehalf: boolean }) => p.onBehalf)).toBe(true);

    const bad = expectStatus(
      await (
        await as(org, 'KADIS')
      ).post('/api/v1/delegations', { principalPositionId: org.positions.KADIS, deputyPositionId: 'x', validFrom: 'soon', reason: 'bosan' }),
      400,
    );
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['deputyPositionId', 'reason', 'validFrom', 'validTo']);
  });

  it('an administrator of another organisation is 403', async () => {
    const org = await createTestOrganization('cilegon-dkukm.yaml');
    const batam = await createTestOrganization('batam-dkum.yaml');
    const res = await (
      await as(batam, 'UMPEG-ARSIP')
    ).post('/api/v1/delegations', {
      principalPositionId: org.positions.KADIS,
      deputyPositionId: org.positions.SEKRETARIS,
      validFrom: iso(-HOUR),
      validTo: iso(5 * 24 * HOUR),
      reason: 'sakit',
      onBehalfReason: 'Kepala Dinas dirawat di rumah sakit',
    });
    expect(res.status).toBe(403);
  });
});

describe('Plt. and Plh. (UU 30/2014 Pasal 14 ayat (7))', () => {
  it('a Plh. signs an ordinary letter with "Plh." but may not sign a strategic decree', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const ds = await testDataSource();
    // The Kepala Dinas is away; the Sekretaris is recorded as Plh. Kepala Dinas (an assignment on the position).
    await ds.query(`UPDATE assignment SET valid_to = '2024-01-02' WHERE position_id = ?`, [org.positions.KADIS]);
    await ds.query(`INSERT INTO assignment (id, official_id, position_id, kind, valid_from) VALUES (UUID(), ?, ?, 'plh', '2024-01-01')`, [
      org.officials.SEKRETARIS.id,
      org.positions.KADIS,
    ]);
    const sk = await documentWaitingAt(org, 'KADIS', 'SURAT_KEPUTUSAN', 'KABID-ISP');
    const plh = await as(org, 'SEKRETARIS');
    const refused = expectStatus(
      await plh.post(`/api/v1/documents/${sk.id}/actions/sign`, { passphrase: TEST_TTE_PASSPHRASE, versionHash: sk.versionHash }),
      422,
    );
    expect(refused.body.pasal).toBe('UU 30/2014 Pasal 14 ayat (7)');
    const letter = await documentWaitingAt(org, 'KADIS');
    const view = expectStatus(await plh.get(`/api/v1/documents/${letter.id}`), 200).body;
    expect(view.signatureBlock[0]).toBe('Plh. KEPALA DINAS KOPERASI DAN USAHA MIKRO,');
    expectStatus(
      await plh.post(`/api/v1/documents/${letter.id}/actions/sign`, { passphrase: TEST_TTE_PASSPHRASE, versionHash: letter.versionHash }),
      200,
    );
    const signed = expectStatus(await plh.get(`/api/v1/documents/${letter.id}`), 200).body;
    expect(signed.route[2].capacity).toBe('plh');
  });
});
