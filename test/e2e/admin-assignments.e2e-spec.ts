import type { Response } from 'supertest';
import { addDays, PLH_PASAL, PLT_PASAL } from '@naskah/domain';
import { AssignmentEntity, OrganizationAuditEventEntity, todayInJakarta, verifyOrganizationAuditChain } from '@naskah/persistence';
import { SeededOrganization } from '@naskah/seed';
import { expectEventually, expectStatus, TEST_TTE_PASSPHRASE } from '../support/api';
import { createTestOrganization, randomNip, testDataSource } from '../support/fixtures';
import { useApiAndWorker } from '../support/stack';

/**
 * Issue 15, assignments: definitif, Plt. (vacant post) and Plh. (holder temporarily absent) through
 * the API, with period and decree; mutasi; steps stuck at a post nobody holds. Steps name posts, so
 * they follow the post: whoever holds it acts on them, and is told so.
 */

const ADMIN = 'UMPEG-ARSIP';
const CLERK = 'UMPEG-SDM';
const NEW_PASSWORD = 'Kopi-susu-4-Batuaji';
const STRATEGIC_PASAL = 'UU 30/2014 Pasal 14 ayat (7)';
const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const SP = 'Surat Perintah Kepala Dinas Nomor 800/045/DKUM/2026';
const SK = 'Keputusan Wali Kota Batam Nomor 821/123/BKPSDM/2026';

const stack = useApiAndWorker('naskah-assign');
const api = () => stack.api;
const today = todayInJakarta();
const yesterday = addDays(today, -1);

const tokens = new Map<string, string>();
async function tokenOf(org: SeededOrganization, code: string): Promise<string> {
  const key = `${org.id}/${code}`;
  if (!tokens.has(key)) tokens.set(key, await api().login(org.officials[code].nip));
  return tokens.get(key)!;
}
const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
const get = (token: string, path: string) => api().http.get(path).set(auth(token));
const post = (token: string, path: string, body: object = {}) => api().http.post(path).set(auth(token)).send(body);
const patch = (token: string, path: string, body: object) => api().http.patch(path).set(auth(token)).send(body);

const assignmentsOf = (org: SeededOrganization | string) => `/api/v1/admin/organizations/${typeof org === 'string' ? org : org.id}/assignments`;
const stuckOf = (org: SeededOrganization) => `/api/v1/admin/organizations/${org.id}/stuck-steps`;

function expectRefused(res: Response, status: number, code: string, field?: string): void {
  expectStatus(res, status);
  expect(res.body).toMatchObject({ statusCode: status, code, message: expect.any(String) });
  if (field) expect([res.body.field, ...(res.body.errors ?? []).map((e: { field: string }) => e.field)]).toContain(field);
}

const trail = async (organizationId: string) =>
  (await testDataSource()).getRepository(OrganizationAuditEventEntity).find({ where: { organizationId }, order: { seq: 'ASC' } });
const intact = async (organizationId: string) =>
  expect(await verifyOrganizationAuditChain((await testDataSource()).manager, organizationId)).toBeNull();

/** The seeded definitif assignment of a post. */
async function holderOf(org: SeededOrganization, code: string): Promise<{ id: string; officialId: string }> {
  const rows = expectStatus(await get(await tokenOf(org, ADMIN), `${assignmentsOf(org)}?positionId=${org.positions[code]}&on=${today}`), 200).body;
  return rows.find((r: { kind: string }) => r.kind === 'definitif');
}

/** A Sub Bagian draft by the Batam clerk, submitted and moved along until it waits at `stopAt`; a decree gets the Kepala Bidang ISP as coordinator. */
async function documentWaitingAt(
  org: SeededOrganization,
  stopAt: 'KASUBBAG-UMPEG' | 'SEKRETARIS' | 'KADIS',
  opts: { kind?: string; subject?: string; classification?: string } = {},
): Promise<{ id: string; versionHash: string }> {
  const kindCode = opts.kind ?? 'SURAT_DINAS';
  const decree = kindCode === 'SURAT_KEPUTUSAN';
  const clerk = await tokenOf(org, ADMIN);
  const created = expectStatus(
    await post(clerk, '/api/v1/documents', {
      kindCode,
      ...(decree ? { coordinatorPositionIds: [org.positions['KABID-ISP']] } : {}),
      subject: opts.subject ?? 'Penyampaian Data Koperasi',
      body: '<p>Isi</p>',
      classification: opts.classification ?? 'biasa',
      urgency: 'segera',
      recipients: [{ name: 'Wali Kota' }],
    }),
    201,
  );
  const id = created.body.id as string;
  const versionHash = created.body.currentVersion.contentHash as string;
  expectStatus(await post(clerk, `/api/v1/documents/${id}/submit`), 200);
  if (stopAt !== 'KASUBBAG-UMPEG') {
    expectStatus(await post(await tokenOf(org, 'KASUBBAG-UMPEG'), `/api/v1/documents/${id}/actions/paraf`, { versionHash }), 200);
    if (decree) expectStatus(await post(await tokenOf(org, 'KABID-ISP'), `/api/v1/documents/${id}/actions/paraf`, { versionHash }), 200);
  }
  if (stopAt === 'KADIS') expectStatus(await post(await tokenOf(org, 'SEKRETARIS'), `/api/v1/documents/${id}/actions/paraf`, { versionHash }), 200);
  return { id, versionHash };
}

/** A new official through the API, signed in with a password of their own. */
async function newOfficial(org: SeededOrganization, name: string): Promise<{ id: string; nip: string; token: string }> {
  const created = expectStatus(
    await post(await tokenOf(org, ADMIN), `/api/v1/admin/organizations/${org.id}/officials`, { nip: randomNip(), name, rank: 'Penata (III/c)' }),
    201,
  ).body;
  const nip = created.official.nip as string;
  const first = expectStatus(await api().http.post('/api/v1/auth/login').send({ nip, password: created.temporaryPassword }), 200).body;
  const changed = expectStatus(
    await post(first.accessToken, '/api/v1/auth/password', { currentPassword: created.temporaryPassword, newPassword: NEW_PASSWORD }),
    200,
  );
  return { id: created.official.id, nip, token: changed.body.accessToken };
}

const inboxIds = async (token: string) =>
  (expectStatus(await get(token, '/api/v1/inbox?box=action&limit=100'), 200).body.items as Array<{ documentId: string }>).map((i) => i.documentId);
const notices = async (token: string) =>
  expectStatus(await get(token, '/api/v1/notifications'), 200).body.items as Array<{
    event: string;
    title: string;
    documentId: string;
    confidential: boolean;
  }>;
const stuck = async (org: SeededOrganization) =>
  expectStatus(await get(await tokenOf(org, ADMIN), stuckOf(org)), 200).body as Array<Record<string, unknown>>;

describe('assignments: listed, created, ended and corrected under the rules, each change on the trail', () => {
  it('a Plh. with its Surat Perintah; the same request again changes nothing; corrected and ended; never an end before its start', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const admin = await tokenOf(org, ADMIN);
    const seeded = expectStatus(await get(admin, `${assignmentsOf(org)}?positionId=${org.positions.KADIS}`), 200).body;
    expect(seeded).toEqual([
      {
        id: expect.any(String),
        officialId: org.officials.KADIS.id,
        officialNip: org.officials.KADIS.nip,
        officialName: 'H. Rahmat Hidayat, S.E., M.Si.',
        positionId: org.positions.KADIS,
        positionCode: 'KADIS',
        positionTitle: 'Kepala Dinas Koperasi dan Usaha Mikro',
        kind: 'definitif',
        validFrom: '2024-01-01',
        validTo: null,
        decreeRef: null,
        inForce: true,
      },
    ]);
    expect(expectStatus(await get(admin, `${assignmentsOf(org)}?on=2023-12-31`), 200).body).toEqual([]);
    expect(expectStatus(await get(admin, assignmentsOf(org)), 200).body.length).toBe(Object.keys(org.officials).length);

    const input = {
      officialId: org.officials.SEKRETARIS.id,
      positionId: org.positions.KADIS,
      kind: 'plh',
      validFrom: today,
      validTo: addDays(today, 4),
      decreeRef: SP,
    };
    const plh = expectStatus(await post(admin, assignmentsOf(org), input), 201).body;
    expect(plh).toMatchObject({
      officialNip: org.officials.SEKRETARIS.nip,
      positionCode: 'KADIS',
      kind: 'plh',
      validFrom: today,
      validTo: addDays(today, 4),
      decreeRef: SP,
      inForce: true,
    });
    expect(expectStatus(await post(admin, assignmentsOf(org), input), 201).body.id).toBe(plh.id);
    const byOfficial = expectStatus(await get(admin, `${assignmentsOf(org)}?officialId=${org.officials.SEKRETARIS.id}&on=${today}`), 200).body;
    expect(byOfficial.map((a: { positionCode: string; kind: string }) => [a.positionCode, a.kind])).toEqual([
      ['KADIS', 'plh'],
      ['SEKRETARIS', 'definitif'],
    ]);
    // The Sekretaris's own view names both posts.
    const sekretaris = expectStatus(await get(admin, `/api/v1/admin/officials/${org.officials.SEKRETARIS.id}`), 200).body;
    expect(sekretaris.assignments.map((a: { kind: string }) => a.kind).sort()).toEqual(['definitif', 'plh']);
    // A letter the Kepala Dinas's post signs shows the Plh. in its signature block while the Plh. is in force
    // (the definitif official is absent: UU 30/2014 Pasal 14 ayat (2) huruf a), whichever holder is read first.
    const draft = expectStatus(
      await post(await tokenOf(org, 'UMPEG-ARSIP'), '/api/v1/documents', {
        kindCode: 'SURAT_DINAS',
        subject: 'Undangan rapat selama Plh.',
        body: '<p>Isi</p>',
        classification: 'biasa',
        urgency: 'biasa',
        recipients: [{ name: 'Kepala Dinas Pendidikan' }],
      }),
      201,
    ).body;
    expect(draft.signatureBlock.slice(0, 3)).toEqual([
      'Plh. KEPALA DINAS KOPERASI DAN USAHA MIKRO,',
      '(TTE)',
      expect.stringContaining(org.officials.SEKRETARIS.name),
    ]);

    const corrected = `${SP} (ralat)`;
    expect(expectStatus(await patch(admin, `/api/v1/admin/assignments/${plh.id}`, { decreeRef: corrected }), 200).body.decreeRef).toBe(corrected);
    expectStatus(await patch(admin, `/api/v1/admin/assignments/${plh.id}`, { decreeRef: corrected }), 200);
    expectStatus(await patch(admin, `/api/v1/admin/assignments/${plh.id}`, {}), 200);
    expect(expectStatus(await patch(admin, `/api/v1/admin/assignments/${plh.id}`, { validTo: addDays(today, 2) }), 200).body.validTo).toBe(
      addDays(today, 2),
    );
    const early = await patch(admin, `/api/v1/admin/assignments/${plh.id}`, { validTo: yesterday });
    expectRefused(early, 400, 'INVALID_INPUT', 'validTo');
    expect(early.body.message).toMatch(/tidak boleh sebelum tanggal mulai/);
    const open = await patch(admin, `/api/v1/admin/assignments/${plh.id}`, { validTo: null });
    expectRefused(open, 422, 'RULE_VIOLATION', 'validTo');
    expect(open.body.pasal).toMatch(/^UU 30\/2014 Pasal 14 ayat \(2\)/);

    const rows = (await trail(org.id)).filter((r) => r.action.startsWith('assignment_'));
    expect(rows.map((r) => [r.action, r.subject, r.actorOfficialId])).toEqual([
      ['assignment_created', `KADIS plh ${org.officials.SEKRETARIS.nip}`, org.officials[ADMIN].id],
      ['assignment_updated', `KADIS plh ${org.officials.SEKRETARIS.nip}`, org.officials[ADMIN].id],
      ['assignment_ended', `KADIS plh ${org.officials.SEKRETARIS.nip}`, org.officials[ADMIN].id],
    ]);
    expect(rows[0].after).toMatchObject({
      id: plh.id,
      kind: 'plh',
      positionCode: 'KADIS',
      validFrom: today,
      validTo: addDays(today, 4),
      decreeRef: SP,
    });
    expect(rows[1].before).toMatchObject({ decreeRef: SP });
    expect(rows[1].after).toMatchObject({ decreeRef: corrected });
    expect(rows[2].before).toMatchObject({ validTo: addDays(today, 4) });
    expect(rows[2].after).toMatchObject({ validTo: addDays(today, 2) });
    await intact(org.id);
  });

  it('the rules: 422 with their source; an unknown post or official: 404', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const cilegon = await createTestOrganization('cilegon-dkukm.yaml');
    const neighbour = await createTestOrganization('batam-dkum.yaml');
    const admin = await tokenOf(org, ADMIN);
    const base = { validFrom: today, validTo: addDays(today, 10), decreeRef: SP };
    const cases: Array<[object, number, string, RegExp | string]> = [
      // A second definitif holder of the Kepala Dinas (who holds a post already: the post's problem is named first).
      [
        { officialId: org.officials['KABID-ISP'].id, positionId: org.positions.KADIS, kind: 'definitif', validFrom: today, decreeRef: SK },
        422,
        'positionId',
        /^Ketentuan aplikasi ini: satu jabatan/,
      ],
      [{ officialId: org.officials['UMPEG-SDM'].id, positionId: org.positions['KASUBBAG-UMPEG'], kind: 'plt', ...base }, 422, 'kind', PLT_PASAL],
      [
        { officialId: org.officials['UMPEG-SDM'].id, positionId: org.positions['KASUBBAG-UMPEG'], kind: 'plh', validFrom: today, decreeRef: SP },
        422,
        'validTo',
        /^UU 30\/2014 Pasal 14 ayat \(2\)/,
      ],
      [{ officialId: org.officials.KADIS.id, positionId: org.positions.KADIS, kind: 'plh', ...base }, 422, 'officialId', /^Ketentuan aplikasi ini/],
      // An official of another office of the city (which this city administrator administers): the rule, not a lookup, refuses.
      [
        { officialId: neighbour.officials.SEKRETARIS.id, positionId: org.positions.KADIS, kind: 'plh', ...base },
        422,
        'officialId',
        /^Ketentuan aplikasi ini/,
      ],
      // One of another city's office: as unknown as an id that does not exist (nothing said of it).
      [{ officialId: cilegon.officials.SEKRETARIS.id, positionId: org.positions.KADIS, kind: 'plh', ...base }, 404, 'officialId', ''],
      [{ officialId: org.officials.SEKRETARIS.id, positionId: cilegon.positions.KADIS, kind: 'plh', ...base }, 404, 'positionId', ''],
      [{ officialId: UNKNOWN, positionId: org.positions.KADIS, kind: 'plh', ...base }, 404, 'officialId', ''],
    ];
    for (const [body, status, field, pasal] of cases) {
      const res = await post(admin, assignmentsOf(org), body);
      expectRefused(res, status, status === 422 ? 'RULE_VIOLATION' : 'NOT_FOUND', field);
      if (pasal) expect(res.body.pasal).toMatch(pasal);
    }
    // Refused naming the holder.
    const second = await post(admin, assignmentsOf(org), {
      officialId: (await newOfficial(org, 'Calon Kepala')).id,
      positionId: org.positions.KADIS,
      kind: 'definitif',
      validFrom: today,
      decreeRef: SK,
    });
    expectRefused(second, 422, 'RULE_VIOLATION', 'positionId');
    expect(second.body.message).toMatch(/sudah dipangku pejabat definitif \(H\. Rahmat Hidayat/);
    // A Plh. of a post whose holder left: a vacant post takes a Plt.
    await patch(admin, `/api/v1/admin/assignments/${(await holderOf(org, 'KASUBBAG-PP')).id}`, { validTo: yesterday });
    const plhVacant = await post(admin, assignmentsOf(org), {
      officialId: org.officials['PP-PERENCANA'].id,
      positionId: org.positions['KASUBBAG-PP'],
      kind: 'plh',
      ...base,
    });
    expectRefused(plhVacant, 422, 'RULE_VIOLATION', 'kind');
    expect(plhVacant.body.pasal).toContain(PLH_PASAL);
    expect(plhVacant.body.message).toMatch(/gunakan Plt\./);
    // An inactive official is not assigned.
    expectStatus(await post(admin, `/api/v1/officials/${org.officials['PP-ANGGARAN'].id}/deactivate`), 200);
    expectRefused(
      await post(admin, assignmentsOf(org), {
        officialId: org.officials['PP-ANGGARAN'].id,
        positionId: org.positions['KASUBBAG-PP'],
        kind: 'plt',
        ...base,
      }),
      422,
      'RULE_VIOLATION',
      'officialId',
    );
    expect((await trail(org.id)).filter((r) => r.action === 'assignment_created')).toEqual([]);
  });

  it('who may not, and malformed input', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const cilegon = await createTestOrganization('cilegon-dkukm.yaml');
    const admin = await tokenOf(org, ADMIN);
    const seeded = await holderOf(org, 'KADIS');
    const body = {
      officialId: org.officials.SEKRETARIS.id,
      positionId: org.positions.KADIS,
      kind: 'plh',
      validFrom: today,
      validTo: addDays(today, 3),
      decreeRef: SP,
    };
    for (const res of [
      await api().http.get(assignmentsOf(org)),
      await api().http.post(assignmentsOf(org)).send(body),
      await api().http.patch(`/api/v1/admin/assignments/${seeded.id}`).send({ validTo: today }),
      await api().http.get(stuckOf(org)),
    ]) {
      expectRefused(res, 401, 'UNAUTHENTICATED');
    }
    for (const token of [await tokenOf(org, CLERK), await tokenOf(cilegon, ADMIN)]) {
      expectRefused(await get(token, assignmentsOf(org)), 403, 'FORBIDDEN');
      expectRefused(await post(token, assignmentsOf(org), body), 403, 'FORBIDDEN');
      expectRefused(await get(token, stuckOf(org)), 403, 'FORBIDDEN');
    }
    expectRefused(await patch(await tokenOf(org, CLERK), `/api/v1/admin/assignments/${seeded.id}`, { validTo: today }), 403, 'FORBIDDEN');
    // Another office's administrator, like an unknown id: 404.
    for (const id of [seeded.id, UNKNOWN])
      expectRefused(await patch(await tokenOf(cilegon, ADMIN), `/api/v1/admin/assignments/${id}`, { validTo: today }), 404, 'NOT_FOUND');
    expectRefused(await get(admin, assignmentsOf(UNKNOWN)), 404, 'NOT_FOUND');
    expectRefused(await get(admin, `/api/v1/admin/organizations/${cilegon.id}/stuck-steps`), 404, 'NOT_FOUND');

    const bad: Array<[object, string]> = [
      [{ ...body, officialId: 'x' }, 'officialId'],
      [{ ...body, positionId: 5 }, 'positionId'],
      [{ ...body, kind: 'pj' }, 'kind'],
      [{ ...body, validFrom: '2026-02-30' }, 'validFrom'],
      [{ ...body, validTo: 'besok' }, 'validTo'],
      [{ ...body, decreeRef: undefined }, 'decreeRef'],
      [{ ...body, decreeRef: 'x' }, 'decreeRef'],
      [{ ...body, decreeRef: 'a\u0007b' }, 'decreeRef'],
      [{ ...body, capacity: 'an' }, 'capacity'],
    ];
    for (const [b, field] of bad) expectRefused(await post(admin, assignmentsOf(org), b), 400, 'INVALID_INPUT', field);
    for (const [b, field] of [
      [{ validTo: '31-12-2026' }, 'validTo'],
      [{ validTo: 20261231 }, 'validTo'],
      [{ decreeRef: '' }, 'decreeRef'],
      [{ kind: 'plt' }, 'kind'],
    ] as Array<[object, string]>) {
      expectRefused(await patch(admin, `/api/v1/admin/assignments/${seeded.id}`, b), 400, 'INVALID_INPUT', field);
    }
    for (const [query, field] of [
      ['positionId=x', 'positionId'],
      ['officialId=1', 'officialId'],
      ['on=2026-13-01', 'on'],
    ]) {
      expectRefused(await get(admin, `${assignmentsOf(org)}?${query}`), 400, 'INVALID_INPUT', field);
    }
    expectRefused(await patch(admin, '/api/v1/admin/assignments/nope', { validTo: today }), 400, 'INVALID_INPUT', 'id');
    expect((await holderOf(org, 'KADIS')).id).toBe(seeded.id);
    expect((await trail(org.id)).filter((r) => r.action.startsWith('assignment_'))).toEqual([]);
  });
});

describe('Plt. and Plh. assigned through the API (UU 30/2014 Pasal 14 ayat (7))', () => {
  it('a Plh. Kepala Dinas is told of the steps waiting, may not sign a Surat Keputusan and signs a Surat Dinas as "Plh."', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const decree = await documentWaitingAt(org, 'KADIS', { kind: 'SURAT_KEPUTUSAN', subject: 'Keputusan Pembentukan Tim Koperasi' });
    const letter = await documentWaitingAt(org, 'KADIS', { subject: 'Undangan Rapat Koordinasi' });
    // The Kepala Dinas is away for a week: the Sekretaris is Plh. by Surat Perintah.
    expectStatus(
      await post(await tokenOf(org, ADMIN), assignmentsOf(org), {
        officialId: org.officials.SEKRETARIS.id,
        positionId: org.positions.KADIS,
        kind: 'plh',
        validFrom: today,
        validTo: addDays(today, 6),
        decreeRef: SP,
      }),
      201,
    );
    const plh = await tokenOf(org, 'SEKRETARIS');
    expect(await inboxIds(plh)).toEqual(expect.arrayContaining([decree.id, letter.id]));
    // The inbox marks the steps of the post he holds as Plh. (heldAs), as the header marks the post.
    const items = expectStatus(await get(plh, '/api/v1/inbox?box=action&limit=100'), 200).body.items as Array<{
      documentId: string;
      heldAs: unknown;
    }>;
    expect(items.find((i) => i.documentId === letter.id)?.heldAs).toEqual({ kind: 'plh', positionTitle: 'Kepala Dinas Koperasi dan Usaha Mikro' });
    // The Kepala Dinas, who holds the post definitively, sees no marker.
    const own = expectStatus(await get(await tokenOf(org, 'KADIS'), '/api/v1/inbox?box=action&limit=100'), 200).body.items as Array<{
      documentId: string;
      heldAs: unknown;
    }>;
    expect(own.find((i) => i.documentId === letter.id)?.heldAs).toBeNull();
    // Told once more of the letter it initialled as Sekretaris: now it waits for its signature as Plh.
    const told = (await notices(plh)).filter((n) => n.event === 'step_waiting' && n.documentId === letter.id);
    expect(told.map((n) => n.title)).toContain('Menunggu tanda tangan Anda: Undangan Rapat Koordinasi (Plh. Kepala Dinas Koperasi dan Usaha Mikro)');

    const refused = await post(plh, `/api/v1/documents/${decree.id}/actions/sign`, {
      passphrase: TEST_TTE_PASSPHRASE,
      versionHash: decree.versionHash,
    });
    expectRefused(refused, 422, 'RULE_VIOLATION');
    expect(refused.body.pasal).toBe(STRATEGIC_PASAL);

    expectStatus(
      await post(plh, `/api/v1/documents/${letter.id}/actions/sign`, { passphrase: TEST_TTE_PASSPHRASE, versionHash: letter.versionHash }),
      200,
    );
    // The letter carries the Plh.'s signature block (the preview before showed the definitif holder's, who may sign too).
    const signed = await expectEventually(async () => {
      const v = expectStatus(await get(plh, `/api/v1/documents/${letter.id}`), 200).body;
      expect(v.letter).not.toBeNull();
      return v;
    });
    expect(signed.status).toBe('signed');
    expect(signed.signatureBlock[0]).toBe('Plh. KEPALA DINAS KOPERASI DAN USAHA MIKRO,');
    expect(signed.route[2]).toMatchObject({ capacity: 'plh', actedBy: expect.objectContaining({ officialId: org.officials.SEKRETARIS.id }) });
    // The Kepala Dinas, present again, signs the decree himself.
    expectStatus(
      await post(await tokenOf(org, 'KADIS'), `/api/v1/documents/${decree.id}/actions/sign`, {
        passphrase: TEST_TTE_PASSPHRASE,
        versionHash: decree.versionHash,
      }),
      200,
    );
  });

  it('a Plt. of a vacant post: the steps are stuck until the Plt. is assigned; then refused on a Surat Keputusan, signing a Surat Dinas as "Plt."', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const admin = await tokenOf(org, ADMIN);
    const decree = await documentWaitingAt(org, 'KADIS', { kind: 'SURAT_KEPUTUSAN' });
    const letter = await documentWaitingAt(org, 'KADIS', { subject: 'Laporan Bulanan Koperasi' });
    expect(await stuck(org)).toEqual([]);
    // The Kepala Dinas retired yesterday: the post is vacant.
    expectStatus(await patch(admin, `/api/v1/admin/assignments/${(await holderOf(org, 'KADIS')).id}`, { validTo: yesterday }), 200);
    const waiting = await stuck(org);
    expect(waiting.map((s) => s.documentId).sort()).toEqual([decree.id, letter.id].sort());
    expect(waiting.find((s) => s.documentId === letter.id)).toEqual({
      documentId: letter.id,
      kindCode: 'SURAT_DINAS',
      kindName: 'Surat Dinas',
      classification: 'biasa',
      subject: 'Laporan Bulanan Koperasi',
      round: 1,
      stepOrder: 3,
      action: 'sign',
      positionId: org.positions.KADIS,
      positionCode: 'KADIS',
      positionTitle: 'Kepala Dinas Koperasi dan Usaha Mikro',
      waitingSince: expect.any(String),
    });

    expectStatus(
      await post(admin, assignmentsOf(org), {
        officialId: org.officials.SEKRETARIS.id,
        positionId: org.positions.KADIS,
        kind: 'plt',
        validFrom: today,
        validTo: addDays(today, 90),
        decreeRef: SK,
      }),
      201,
    );
    expect(await stuck(org)).toEqual([]);
    const plt = await tokenOf(org, 'SEKRETARIS');
    const refused = await post(plt, `/api/v1/documents/${decree.id}/actions/sign`, {
      passphrase: TEST_TTE_PASSPHRASE,
      versionHash: decree.versionHash,
    });
    expectRefused(refused, 422, 'RULE_VIOLATION');
    expect(refused.body.pasal).toBe(STRATEGIC_PASAL);
    expect(expectStatus(await get(plt, `/api/v1/documents/${letter.id}`), 200).body.signatureBlock[0]).toBe(
      'Plt. KEPALA DINAS KOPERASI DAN USAHA MIKRO,',
    );
    expectStatus(
      await post(plt, `/api/v1/documents/${letter.id}/actions/sign`, { passphrase: TEST_TTE_PASSPHRASE, versionHash: letter.versionHash }),
      200,
    );
    const signed = await expectEventually(async () => {
      const v = expectStatus(await get(plt, `/api/v1/documents/${letter.id}`), 200).body;
      expect(v.letter).not.toBeNull();
      return v;
    });
    expect(signed.route[2].capacity).toBe('plt');
    expect(signed.signatureBlock[0]).toBe('Plt. KEPALA DINAS KOPERASI DAN USAHA MIKRO,');
    // A definitif Kepala Dinas cannot be appointed while the Plt. runs (the Plt. is ended first).
    const next = await post(admin, assignmentsOf(org), {
      officialId: org.officials['KABID-PPK'].id,
      positionId: org.positions.KADIS,
      kind: 'definitif',
      validFrom: addDays(today, 30),
      decreeRef: SK,
    });
    expectRefused(next, 422, 'RULE_VIOLATION');
  });
});

describe('mutasi and stuck steps: pending steps follow the post, not the person', () => {
  it('after a mutasi the new holder of the post sees, is told of and acts on the pending steps; the old holder is refused', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const admin = await tokenOf(org, ADMIN);
    const letter = await documentWaitingAt(org, 'KASUBBAG-UMPEG', { subject: 'Permohonan Data Pegawai' });
    const secret = await documentWaitingAt(org, 'KASUBBAG-UMPEG', { subject: 'Penilaian Kinerja Pegawai', classification: 'rahasia' });
    const yusuf = await tokenOf(org, 'KASUBBAG-UMPEG');
    const dewi = await tokenOf(org, 'UMPEG-SDM');

    // The Kasubbag Perencanaan Program retired yesterday; the Kasubbag Umum dan Kepegawaian moves there today.
    expectStatus(await patch(admin, `/api/v1/admin/assignments/${(await holderOf(org, 'KASUBBAG-PP')).id}`, { validTo: yesterday }), 200);
    const transfer = { toPositionId: org.positions['KASUBBAG-PP'], effectiveFrom: today, decreeRef: SK };
    const moved = expectStatus(await post(admin, `/api/v1/admin/officials/${org.officials['KASUBBAG-UMPEG'].id}/transfer`, transfer), 200).body;
    expect(moved).toMatchObject({
      ended: { positionCode: 'KASUBBAG-UMPEG', kind: 'definitif', validFrom: '2024-01-01', validTo: yesterday, inForce: false },
      started: { positionCode: 'KASUBBAG-PP', kind: 'definitif', validFrom: today, validTo: null, decreeRef: SK, inForce: true },
    });
    // The same mutasi again: the same answer, nothing more recorded.
    const trailLength = (await trail(org.id)).length;
    expect(expectStatus(await post(admin, `/api/v1/admin/officials/${org.officials['KASUBBAG-UMPEG'].id}/transfer`, transfer), 200).body).toEqual(
      moved,
    );
    expect(await trail(org.id)).toHaveLength(trailLength);

    // Nobody holds the Kasubbag Umum dan Kepegawaian: both steps are stuck (the secret one without its subject).
    const waiting = await stuck(org);
    expect(waiting.map((s) => [s.documentId, s.positionCode, s.action, s.subject]).sort()).toEqual(
      [
        [letter.id, 'KASUBBAG-UMPEG', 'paraf', 'Permohonan Data Pegawai'],
        [secret.id, 'KASUBBAG-UMPEG', 'paraf', null],
      ].sort(),
    );
    expect(JSON.stringify(waiting)).not.toContain('Penilaian Kinerja');
    expectRefused(await post(yusuf, `/api/v1/documents/${letter.id}/actions/paraf`, { versionHash: letter.versionHash }), 403, 'FORBIDDEN');
    expect(await inboxIds(yusuf)).not.toContain(letter.id);

    // Into an occupied post: refused.
    const occupied = await post(admin, `/api/v1/admin/officials/${org.officials['UMPEG-SDM'].id}/transfer`, {
      ...transfer,
      toPositionId: org.positions.SEKRETARIS,
    });
    expectRefused(occupied, 422, 'RULE_VIOLATION', 'toPositionId');
    expect(occupied.body.message).toMatch(/sudah dipangku pejabat definitif/);

    // The Analis SDM is promoted to the post: the steps wait for her.
    expectStatus(
      await post(admin, `/api/v1/admin/officials/${org.officials['UMPEG-SDM'].id}/transfer`, {
        ...transfer,
        toPositionId: org.positions['KASUBBAG-UMPEG'],
      }),
      200,
    );
    expect(await stuck(org)).toEqual([]);
    expect(await inboxIds(dewi)).toEqual(expect.arrayContaining([letter.id, secret.id]));
    const told = (await notices(dewi)).filter((n) => n.event === 'step_waiting');
    expect(told.map((n) => n.documentId).sort()).toEqual([letter.id, secret.id].sort());
    expect(told.find((n) => n.documentId === secret.id)).toMatchObject({
      confidential: true,
      title: 'Menunggu paraf Anda: Naskah rahasia (Surat Dinas)',
    });
    expect(JSON.stringify(told)).not.toContain('Penilaian Kinerja');

    const acted = expectStatus(await post(dewi, `/api/v1/documents/${letter.id}/actions/paraf`, { versionHash: letter.versionHash }), 200).body;
    expect(acted.steps[0]).toMatchObject({ state: 'done', actedByOfficialId: org.officials['UMPEG-SDM'].id, capacity: 'own' });
    expectRefused(await post(yusuf, `/api/v1/documents/${secret.id}/actions/paraf`, { versionHash: secret.versionHash }), 403, 'FORBIDDEN');
    expectStatus(await post(dewi, `/api/v1/documents/${secret.id}/actions/paraf`, { versionHash: secret.versionHash }), 200);

    const moves = (await trail(org.id)).filter((r) => r.action === 'assignment_ended' || r.action === 'assignment_created');
    expect(moves.map((r) => [r.action, r.subject])).toEqual([
      ['assignment_ended', `KASUBBAG-PP definitif ${org.officials['KASUBBAG-PP'].nip}`],
      ['assignment_ended', `KASUBBAG-UMPEG definitif ${org.officials['KASUBBAG-UMPEG'].nip}`],
      ['assignment_created', `KASUBBAG-PP definitif ${org.officials['KASUBBAG-UMPEG'].nip}`],
      ['assignment_ended', `UMPEG-SDM definitif ${org.officials['UMPEG-SDM'].nip}`],
      ['assignment_created', `KASUBBAG-UMPEG definitif ${org.officials['UMPEG-SDM'].nip}`],
    ]);
    await intact(org.id);
  });

  it('a step is stuck when its post loses its holder and clears when someone is assigned, who then acts on it', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const admin = await tokenOf(org, ADMIN);
    const letter = await documentWaitingAt(org, 'SEKRETARIS', { subject: 'Rencana Kerja Tahunan' });
    expect(await stuck(org)).toEqual([]);
    // Deactivated (left the office), then the assignment ended: nobody active holds the post.
    expectStatus(await post(admin, `/api/v1/officials/${org.officials.SEKRETARIS.id}/deactivate`, { reason: 'Pensiun' }), 200);
    expect((await stuck(org)).map((s) => [s.documentId, s.positionCode, s.stepOrder])).toEqual([[letter.id, 'SEKRETARIS', 2]]);
    expectStatus(await patch(admin, `/api/v1/admin/assignments/${(await holderOf(org, 'SEKRETARIS')).id}`, { validTo: yesterday }), 200);
    expect((await stuck(org)).map((s) => s.documentId)).toEqual([letter.id]);

    const successor = await newOfficial(org, 'Sekretaris Baru');
    expectStatus(
      await post(admin, assignmentsOf(org), {
        officialId: successor.id,
        positionId: org.positions.SEKRETARIS,
        kind: 'definitif',
        validFrom: today,
        decreeRef: SK,
      }),
      201,
    );
    expect(await stuck(org)).toEqual([]);
    expect(await inboxIds(successor.token)).toContain(letter.id);
    expect((await notices(successor.token)).map((n) => [n.event, n.documentId, n.title])).toEqual([
      ['step_waiting', letter.id, 'Menunggu paraf Anda: Rencana Kerja Tahunan'],
    ]);
    const acted = expectStatus(
      await post(successor.token, `/api/v1/documents/${letter.id}/actions/paraf`, { versionHash: letter.versionHash }),
      200,
    ).body;
    expect(acted.currentStep).toMatchObject({ positionId: org.positions.KADIS, action: 'sign' });
    expect(acted.steps[1]).toMatchObject({ actedByOfficialId: successor.id, capacity: 'own' });
  });
});

describe('two administrators assigning the same post at once', () => {
  it('exactly one definitif assignment succeeds; the others are refused; the trail is intact', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    // The city's administrator of another office of Kota Batam is the second administrator.
    const neighbour = await createTestOrganization('batam-dkum.yaml');
    const admins = [await tokenOf(org, ADMIN), await tokenOf(neighbour, ADMIN)];
    expectStatus(await patch(admins[0], `/api/v1/admin/assignments/${(await holderOf(org, 'PP-PERENCANA')).id}`, { validTo: yesterday }), 200);
    const candidates = await Promise.all(['Calon Satu', 'Calon Dua', 'Calon Tiga', 'Calon Empat'].map((n) => newOfficial(org, n)));
    const before = (await trail(org.id)).length;
    const results = await Promise.all(
      candidates.map((c, i) =>
        post(admins[i % 2], assignmentsOf(org), {
          officialId: c.id,
          positionId: org.positions['PP-PERENCANA'],
          kind: 'definitif',
          validFrom: today,
          decreeRef: `${SK}/${i}`,
        }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 422, 422, 422]);
    for (const r of results.filter((x) => x.status === 422)) expectRefused(r, 422, 'RULE_VIOLATION', 'positionId');
    const winner = results.find((r) => r.status === 201)!.body;
    const holders = await (
      await testDataSource()
    )
      .getRepository(AssignmentEntity)
      .createQueryBuilder('a')
      .where('a.position_id = :p AND a.kind = :k AND (a.valid_to IS NULL OR a.valid_to >= :today)', {
        p: org.positions['PP-PERENCANA'],
        k: 'definitif',
        today,
      })
      .getMany();
    expect(holders.map((h) => h.id)).toEqual([winner.id]);
    const added = (await trail(org.id)).slice(before);
    expect(added.map((r) => [r.action, r.after])).toEqual([
      ['assignment_created', expect.objectContaining({ id: winner.id, positionCode: 'PP-PERENCANA' })],
    ]);
    await intact(org.id);
  });
});
