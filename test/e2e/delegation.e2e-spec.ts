import { DelegationEntity } from '@naskah/persistence';
import { SeededOrganization } from '@naskah/seed';
import { expectStatus, TestApi } from '../support/api';
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
async function documentWaitingAt(org: SeededOrganization, stopAt: 'SEKRETARIS' | 'KADIS', kindCode = 'SURAT_DINAS') {
  const clerk = await as(org, 'UMPEG-ARSIP');
  const created = expectStatus(
    await clerk.post('/api/v1/documents', {
      kindCode,
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
  expectStatus(await (await as(org, 'KASUBBAG-UMPEG')).post(`/api/v1/documents/${id}/actions/paraf`, { versionHash }), 200);
  if (stopAt === 'KADIS') expectStatus(await (await as(org, 'SEKRETARIS')).post(`/api/v1/documents/${id}/actions/paraf`, { versionHash }), 200);
  return { id, versionHash };
}

async function appoint(org: SeededOrganization, by: string, principal: string, deputyPositionId: string, from = iso(-HOUR), to = iso(5 * 24 * HOUR)) {
  return (await as(org, by)).post('/api/v1/delegations', {
    principalPositionId: org.positions[principal],
    deputyPositionId,
    validFrom: from,
    validTo: to,
    reason: 'dinas_luar',
    note: 'Rapat di provinsi',
  });
}

describe.each([['batam-dkum.yaml'], ['cilegon-dkukm.yaml']] as Array<[OfficeFile]>)('Hal Mewakili in %s (Cilegon Pasal 29)', (file) => {
  it('the Kepala Dinas appoints the Sekretaris; the Sekretaris signs a.n. with the consideration stored', async () => {
    const org = await createTestOrganization(file);
    const doc = await documentWaitingAt(org, 'KADIS');
    // Appointed while the document already waits: authority is checked at the moment of the act.
    const d = expectStatus(await appoint(org, 'KADIS', 'KADIS', org.positions.SEKRETARIS), 201);
    expect(d.body).toMatchObject({ capacity: 'an', state: 'active', reason: 'dinas_luar', pasal: 'Perwako Cilegon 18/2022 Pasal 29 ayat (1)' });

    const sekretaris = await as(org, 'SEKRETARIS');
    const inbox = expectStatus(await sekretaris.get('/api/v1/inbox?box=action'), 200).body.items;
    const item = inbox.find((i: { documentId: string }) => i.documentId === doc.id);
    expect(item.actingFor).toMatchObject({ capacity: 'an', principalPositionId: org.positions.KADIS });
    const me = expectStatus(await sekretaris.get('/api/v1/me'), 200).body;
    expect(me.actingFor).toEqual([expect.objectContaining({ capacity: 'an', principalPositionId: org.positions.KADIS })]);

    const view = expectStatus(await sekretaris.get(`/api/v1/documents/${doc.id}`), 200).body;
    expect(view.allowedActions).toContain('sign');
    expect(view.actingFor).toMatchObject({ capacity: 'an' });
    expect(view.signatureBlock.slice(0, 2)).toEqual([`a.n. ${view.route[2].position.title.toUpperCase()}`, 'SEKRETARIS,']);

    // Pasal 29 ayat (3): no consideration, no act.
    const bare = expectStatus(
      await sekretaris.post(`/api/v1/documents/${doc.id}/actions/sign`, { versionHash: doc.versionHash, consideration: '' }),
      422,
    );
    expect(bare.body).toMatchObject({ pasal: 'Perwako Cilegon 18/2022 Pasal 29 ayat (3)', field: 'consideration' });
    const signed = expectStatus(
      await sekretaris.post(`/api/v1/documents/${doc.id}/actions/sign`, { versionHash: doc.versionHash, consideration: CONSIDERATION }),
      200,
    );
    expect(signed.body.status).toBe('signed');

    const after = expectStatus(await (await as(org, 'UMPEG-ARSIP')).get(`/api/v1/documents/${doc.id}`), 200).body;
    expect(after.route[2]).toMatchObject({
      capacity: 'an',
      actedBy: { nip: org.officials.SEKRETARIS.nip },
      principal: { nip: org.officials.KADIS.nip },
      consideration: CONSIDERATION,
    });
    const signedEvent = after.history.find((h: { type: string }) => h.type === 'signed');
    expect(signedEvent).toMatchObject({
      capacity: 'an',
      actor: { nip: org.officials.SEKRETARIS.nip },
      principal: { nip: org.officials.KADIS.nip },
      data: { consideration: CONSIDERATION },
    });
    expect(after.signatureBlock).toEqual([
      `a.n. ${after.route[2].position.title.toUpperCase()}`,
      'SEKRETARIS,',
      '(TTE)',
      expect.stringContaining(org.officials.SEKRETARIS.name),
      expect.any(String),
      expect.stringMatching(/^NIP\. \d{8} \d{6} \d \d{3}$/),
    ]);
    // Every act in the history names who acted (numbering, archive and delivery are the system's).
    const acts = after.history.filter((h: { type: string }) => !['numbered', 'archived', 'delivered'].includes(h.type));
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
      ).post(`/api/v1/documents/${doc.id}/actions/sign`, { versionHash: doc.versionHash, consideration: CONSIDERATION }),
      403,
    );
    expect(refused.body.code).toBe('FORBIDDEN');
    expectStatus(await (await as(org, 'KADIS')).post(`/api/v1/documents/${doc.id}/actions/sign`, { versionHash: doc.versionHash }), 200);
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
      ).post(`/api/v1/documents/${doc.id}/actions/sign`, { versionHash: doc.versionHash, consideration: CONSIDERATION }),
      403,
    );
  });

  it('refuses with 422 citing Pasal 29: a second overlapping deputy, two levels below, outside the line, another organisation', async () => {
    const org = await createTestOrganization(file);
    const other = await createTestOrganization(file);
    const kabid = Object.keys(org.positions).find((c) => c.startsWith('KABID-'))!;
    expectStatus(await appoint(org, 'KADIS', 'KADIS', org.positions.SEKRETARIS), 201);
    const cases: Array<[string, string, string]> = [
      ['overlapping', 'KADIS', org.positions[kabid]],
      ['two levels below', 'KADIS', org.positions['KASUBBAG-UMPEG']],
      ['outside the line', 'SEKRETARIS', Object.entries(org.positions).find(([c]) => c === 'KA-UPTD' || c === 'KA-UPT')![1]],
      ['another organisation', 'KADIS', other.positions.SEKRETARIS],
    ];
    for (const [why, principal, deputy] of cases) {
      const res = await appoint(org, principal, principal, deputy);
      expect([why, res.status]).toEqual([why, 422]);
      expect(res.body.pasal).toMatch(/^Perwako Cilegon 18\/2022 Pasal 29 ayat \([12]\)$/);
    }
  });

  it('a paraf step works the same way: the Sekretaris away, a Kasubbag deputy gives paraf a.n.', async () => {
    const org = await createTestOrganization(file);
    const doc = await documentWaitingAt(org, 'SEKRETARIS');
    const d = expectStatus(await appoint(org, 'SEKRETARIS', 'SEKRETARIS', org.positions['KASUBBAG-UMPEG']), 201);
    expect(d.body.pasal).toBe('Perwako Cilegon 18/2022 Pasal 29 ayat (2)');
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
      capacity: 'an',
      actedBy: { nip: org.officials['KASUBBAG-UMPEG'].nip },
      principal: { nip: org.officials.SEKRETARIS.nip },
    });
    expect(view.route[0]).toMatchObject({ capacity: 'own', actedBy: { nip: org.officials['KASUBBAG-UMPEG'].nip } });
  });
});

describe('who may appoint', () => {
  it('only the principal or an administrator; 403 otherwise', async () => {
    const org = await createTestOrganization('cilegon-dkukm.yaml');
    expectStatus(await appoint(org, 'SEKRETARIS', 'KADIS', org.positions.SEKRETARIS), 403);
    const byAdmin = expectStatus(await appoint(org, 'UMPEG-ARSIP', 'KADIS', org.positions.SEKRETARIS), 201);
    const listed = expectStatus(await (await as(org, 'KADIS')).get('/api/v1/delegations?role=principal&state=active'), 200).body;
    expect(listed.map((x: { id: string }) => x.id)).toEqual([byAdmin.body.id]);
    const bad = expectStatus(
      await (
        await as(org, 'KADIS')
      ).post('/api/v1/delegations', { principalPositionId: org.positions.KADIS, deputyPositionId: 'x', validFrom: 'soon', reason: 'bosan' }),
      400,
    );
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['deputyPositionId', 'reason', 'validFrom', 'validTo']);
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
    const sk = await documentWaitingAt(org, 'KADIS', 'SURAT_KEPUTUSAN');
    const plh = await as(org, 'SEKRETARIS');
    const refused = expectStatus(await plh.post(`/api/v1/documents/${sk.id}/actions/sign`, { versionHash: sk.versionHash }), 422);
    expect(refused.body.pasal).toBe('UU 30/2014 Pasal 14 ayat (7)');
    const letter = await documentWaitingAt(org, 'KADIS');
    const view = expectStatus(await plh.get(`/api/v1/documents/${letter.id}`), 200).body;
    expect(view.signatureBlock[0]).toBe('Plh. KEPALA DINAS KOPERASI DAN USAHA MIKRO,');
    expectStatus(await plh.post(`/api/v1/documents/${letter.id}/actions/sign`, { versionHash: letter.versionHash }), 200);
    const signed = expectStatus(await plh.get(`/api/v1/documents/${letter.id}`), 200).body;
    expect(signed.route[2].capacity).toBe('plh');
  });
});
