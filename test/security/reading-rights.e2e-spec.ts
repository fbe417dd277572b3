import type { Response } from 'supertest';
import { ReminderEntity } from '@naskah/persistence';
import { expectEventually, expectStatus, signing, startApi, TestApi, TEST_TTE_PASSPHRASE } from '../support/api';
import { createTestOrganization, OfficeFile, testDataSource } from '../support/fixtures';
import { useApiAndWorker } from '../support/stack';

/**
 * Reading rights as tight as the rules. A deputy sees the principal's pending steps and
 * what he acted on himself, nothing else (DESIGN §5, Cilegon Pasal 29); a Rahasia or Sangat Rahasia
 * letter opens for the heads of its recipient units only and never for administrators (DESIGN §4,
 * Permendagri 1/2023 on classified naskah dinas). The inbox never lists, finds or counts a document
 * its reader may not open.
 */
let api: TestApi;
const stack = useApiAndWorker('naskah-reading');
beforeAll(() => {
  api = stack.api;
});

const HOUR = 3_600_000;
const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();
const CONSIDERATION = 'Sekretaris sedang dinas luar; naskah perlu segera diteruskan kepada Kepala Dinas.';
const BOXES = ['action', 'returned', 'in_progress', 'finished', 'overdue', 'incoming'] as const;

const ROLES = [
  'drafter',
  'sameUnit',
  'reviewer',
  'principal',
  'signer',
  'deputyOfPrincipal',
  'deputyOfSigner',
  'recipientHead',
  'recipientStaff',
  'admin',
  'otherOrg',
] as const;
type Role = (typeof ROLES)[number];

/** Who plays each role, by position code: the drafter's Sub Bagian, the Sekretaris (principal), the Kepala Dinas (signer). */
const CAST: Record<OfficeFile, Record<Exclude<Role, 'otherOrg'>, string> & { recipientUnit: string }> = {
  'cilegon-dkukm.yaml': {
    drafter: 'PEPK-KEUANGAN',
    sameUnit: 'PEPK-BENDAHARA',
    reviewer: 'KASUBBAG-PEPK',
    principal: 'SEKRETARIS',
    signer: 'KADIS',
    deputyOfPrincipal: 'KASUBBAG-UMPEG',
    deputyOfSigner: 'KABID-UMKM',
    recipientUnit: 'KOP',
    recipientHead: 'KABID-KOP',
    recipientStaff: 'KOP-ADM',
    admin: 'UMPEG-ARSIP',
  },
  'batam-dkum.yaml': {
    drafter: 'PP-PERENCANA',
    sameUnit: 'PP-ANGGARAN',
    reviewer: 'KASUBBAG-PP',
    principal: 'SEKRETARIS',
    signer: 'KADIS',
    deputyOfPrincipal: 'KASUBBAG-UMPEG',
    deputyOfSigner: 'KABID-PPUM',
    recipientUnit: 'ISP',
    recipientHead: 'KABID-ISP',
    recipientStaff: 'ISP-ADM',
    admin: 'UMPEG-ARSIP',
  },
};

/**
 * The documents, each addressed to the recipient unit, and who may open them. Drafts show the route
 * they would take, so its holders read them (as before); a deputy reads only while the step waits at
 * the principal (pendingAtPrincipal, pendingSecret for the Sekretaris' deputy, waitingAtSigner for
 * the Kepala Dinas' deputy) or after acting himself (deputyActed).
 */
const ROUTE: Role[] = ['drafter', 'reviewer', 'principal', 'signer'];
const READERS = {
  draft: [...ROUTE, 'admin'],
  beforePrincipal: [...ROUTE, 'admin'],
  pendingAtPrincipal: [...ROUTE, 'deputyOfPrincipal', 'admin'],
  pendingSecret: [...ROUTE, 'deputyOfPrincipal'],
  waitingAtSigner: [...ROUTE, 'deputyOfSigner', 'admin'],
  returned: [...ROUTE, 'admin'],
  withdrawn: [...ROUTE, 'admin'],
  signed: [...ROUTE, 'recipientHead', 'recipientStaff', 'admin'],
  signedRahasia: [...ROUTE, 'recipientHead'],
  signedSangatRahasia: [...ROUTE, 'recipientHead'],
  deputyActed: [...ROUTE, 'deputyOfPrincipal', 'recipientHead'],
  signersOwnDraft: ['signer', 'admin'],
} satisfies Record<string, Role[]>;
type Doc = keyof typeof READERS;
const DOCS = Object.keys(READERS) as Doc[];
const SIGNED: Doc[] = ['signed', 'signedRahasia', 'signedSangatRahasia', 'deputyActed'];

/** What each role finds in its boxes (all boxes together): a subset of what it may read. */
const LISTED: Record<Role, Doc[]> = {
  drafter: DOCS.filter((d) => d !== 'signersOwnDraft'),
  sameUnit: [],
  reviewer: ['beforePrincipal', 'pendingAtPrincipal', 'pendingSecret', 'waitingAtSigner', 'returned', ...SIGNED],
  principal: ['pendingAtPrincipal', 'pendingSecret', 'waitingAtSigner', 'returned', 'signed', 'signedRahasia', 'signedSangatRahasia'],
  signer: ['waitingAtSigner', ...SIGNED, 'signersOwnDraft'],
  deputyOfPrincipal: ['pendingAtPrincipal', 'pendingSecret', 'deputyActed'],
  deputyOfSigner: ['waitingAtSigner'],
  recipientHead: SIGNED,
  recipientStaff: ['signed'],
  admin: [],
  otherOrg: [],
};

const subjectOf = (tag: string, doc: Doc) => `Uji Hak Baca ${tag} Naskah${doc[0].toUpperCase()}${doc.slice(1)}`;

const binary = (req: ReturnType<ReturnType<TestApi['as']>['get']>) =>
  req.buffer(true).parse((r, cb) => {
    const chunks: Buffer[] = [];
    r.on('data', (c: Buffer) => chunks.push(c));
    r.on('end', () => cb(null, Buffer.concat(chunks)));
  });

/** One organisation with both appointments in force and every document of READERS driven to its state. */
async function setUp(file: OfficeFile) {
  const cast = CAST[file];
  const org = await createTestOrganization(file);
  const other = await createTestOrganization(file === 'batam-dkum.yaml' ? 'cilegon-dkukm.yaml' : 'batam-dkum.yaml');
  const tokens = new Map<Role, string>();
  for (const role of ROLES) {
    tokens.set(role, await api.login(role === 'otherOrg' ? other.officials.KADIS.nip : org.officials[cast[role]].nip));
  }
  const as = (role: Role) => api.as(tokens.get(role)!);
  const tag = Math.random().toString(36).slice(2, 8).toUpperCase();

  for (const [principal, deputy] of [
    ['principal', 'deputyOfPrincipal'],
    ['signer', 'deputyOfSigner'],
  ] as const) {
    expectStatus(
      await as(principal).post('/api/v1/delegations', {
        principalPositionId: org.positions[cast[principal]],
        deputyPositionId: org.positions[cast[deputy]],
        validFrom: iso(-HOUR),
        validTo: iso(5 * 24 * HOUR),
        reason: 'dinas_luar',
      }),
      201,
    );
  }

  const ids = {} as Record<Doc, string>;
  const create = async (doc: Doc, classification = 'biasa', by: Role = 'drafter') => {
    const created = expectStatus(
      await as(by).post('/api/v1/documents', {
        kindCode: 'SURAT_DINAS',
        subject: subjectOf(tag, doc),
        body: '<p>Dengan hormat, bersama ini kami sampaikan data koperasi.</p>',
        classification,
        urgency: 'segera',
        recipients: [{ unitId: org.units[cast.recipientUnit] }],
      }),
      201,
    ).body;
    ids[doc] = created.id;
    return { id: created.id as string, versionHash: created.currentVersion.contentHash as string };
  };
  const step = async (role: Role, id: string, action: string, body: object = {}) =>
    expectStatus(await as(role).post(`/api/v1/documents/${id}/${action}`, body), 200);
  /** Submitted and moved along by the holders themselves, `acts` steps far. */
  const along = async (doc: Doc, acts: number, classification = 'biasa') => {
    const d = await create(doc, classification);
    await step('drafter', d.id, 'submit');
    for (const [role, action] of (
      [
        ['reviewer', 'paraf'],
        ['principal', 'paraf'],
        ['signer', 'sign'],
      ] as const
    ).slice(0, acts)) {
      await step(role, d.id, `actions/${action}`, { versionHash: d.versionHash, ...signing(action) });
    }
    return d;
  };

  await create('draft');
  await along('beforePrincipal', 0);
  await along('pendingAtPrincipal', 1);
  await along('pendingSecret', 1, 'rahasia');
  await along('waitingAtSigner', 2);
  const returned = await along('returned', 1);
  await step('principal', returned.id, 'actions/return', { versionHash: returned.versionHash, note: 'Dasar hukum belum dicantumkan.' });
  const withdrawn = await along('withdrawn', 0);
  await step('drafter', withdrawn.id, 'actions/withdraw', { note: 'Kegiatan dibatalkan' });
  await along('signed', 3);
  await along('signedRahasia', 3, 'rahasia');
  await along('signedSangatRahasia', 3, 'sangat_rahasia');
  const acted = await along('deputyActed', 1, 'rahasia');
  await step('deputyOfPrincipal', acted.id, 'actions/paraf', { versionHash: acted.versionHash, consideration: CONSIDERATION });
  await step('signer', acted.id, 'actions/sign', { passphrase: TEST_TTE_PASSPHRASE, versionHash: acted.versionHash });
  await create('signersOwnDraft', 'biasa', 'signer');

  for (const doc of SIGNED) {
    await expectEventually(
      async () => expect(expectStatus(await as('drafter').get(`/api/v1/documents/${ids[doc]}`), 200).body.letter).toMatchObject({ delivered: true }),
      60_000,
      200,
    );
  }
  return { org, as, ids, tag };
}

/** The inbox a role sees: every box listed and searched by the run's tag, and the counts. */
async function inboxOf(as: (role: Role) => ReturnType<TestApi['as']>, role: Role, tag: string) {
  const listed = {} as Record<(typeof BOXES)[number], string[]>;
  const searched = {} as Record<(typeof BOXES)[number], string[]>;
  const ids = (res: Response) => (expectStatus(res, 200).body.items as Array<{ documentId: string }>).map((i) => i.documentId);
  await Promise.all(
    BOXES.map(async (box) => {
      listed[box] = ids(await as(role).get(`/api/v1/inbox?box=${box}&limit=100`));
      searched[box] = ids(await as(role).get(`/api/v1/inbox?box=${box}&limit=100&q=${encodeURIComponent(`Uji Hak Baca ${tag}`)}`));
    }),
  );
  const counts = expectStatus(await as(role).get('/api/v1/inbox/counts'), 200).body as Record<(typeof BOXES)[number], number>;
  return { listed, searched, counts };
}

describe.each(['cilegon-dkukm.yaml', 'batam-dkum.yaml'] as OfficeFile[])('who may read what in %s', (file) => {
  let env: Awaited<ReturnType<typeof setUp>>;
  beforeAll(async () => {
    env = await setUp(file);
  }, 240_000);

  it.each(DOCS)('%s: the document, its version and its PDF open for its readers only', async (doc) => {
    const readers = new Set<Role>(READERS[doc]);
    const id = env.ids[doc];
    const wrong: string[] = [];
    for (const role of ROLES) {
      const allowed = readers.has(role);
      const [view, version, pdf] = await Promise.all([
        env.as(role).get(`/api/v1/documents/${id}`),
        env.as(role).get(`/api/v1/documents/${id}/versions/1`),
        binary(env.as(role).get(`/api/v1/documents/${id}/pdf`)),
      ]);
      const expected = { view: allowed ? 200 : 403, version: allowed ? 200 : 403, pdf: !allowed ? 403 : SIGNED.includes(doc) ? 200 : 404 };
      const got = { view: view.status, version: version.status, pdf: pdf.status };
      for (const k of Object.keys(expected) as Array<keyof typeof expected>) {
        if (expected[k] !== got[k]) wrong.push(`${role} ${k}: expected ${expected[k]}, got ${got[k]}`);
      }
      if (allowed && view.status === 200) {
        expect(view.body.subject).toBe(subjectOf(env.tag, doc));
        if (SIGNED.includes(doc)) expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
      }
      if (!allowed && view.status === 403) expect(JSON.stringify(view.body)).not.toContain(subjectOf(env.tag, doc));
    }
    expect(wrong).toEqual([]);
  });

  it.each(ROLES)('%s: the inbox lists, finds by subject and counts exactly what the role may read and should follow', async (role) => {
    const { listed, searched, counts } = await inboxOf(env.as, role, env.tag);
    const label = new Map(DOCS.map((d) => [env.ids[d], d]));
    const seen = (ids: string[]) => ids.map((id) => label.get(id) ?? id).sort();
    const all = (by: Record<string, string[]>) => seen(Object.values(by).flat());
    expect(all(listed)).toEqual([...LISTED[role]].sort());
    expect(all(searched)).toEqual([...LISTED[role]].sort());
    for (const d of all(listed)) expect(READERS[d as Doc] as Role[]).toContain(role);
    for (const box of BOXES) expect([box, counts[box]]).toEqual([box, listed[box].length]);

    // Each document searched by its own subject, in every box: found exactly where it is listed.
    for (const doc of DOCS) {
      const hits = await Promise.all(
        BOXES.map(async (box) => {
          const res = expectStatus(await env.as(role).get(`/api/v1/inbox?box=${box}&q=${encodeURIComponent(subjectOf(env.tag, doc))}`), 200);
          return (res.body.items as Array<{ documentId: string }>).map((i) => i.documentId);
        }),
      );
      expect([doc, hits.flat().includes(env.ids[doc])]).toEqual([doc, LISTED[role].includes(doc)]);
    }
  });

  it("a deputy's action box holds the principal's waiting steps, marked as the office's rules say, and nothing else of the principal's", async () => {
    const { listed } = await inboxOf(env.as, 'deputyOfPrincipal', env.tag);
    const action = expectStatus(await env.as('deputyOfPrincipal').get('/api/v1/inbox?box=action'), 200).body.items;
    expect(action.map((i: { documentId: string }) => i.documentId).sort()).toEqual([env.ids.pendingAtPrincipal, env.ids.pendingSecret].sort());
    // The Sekretaris appoints under Cilegon Pasal 29 ayat (2) (Plh.), under Batam's mandate rules a.n.
    const capacity = file === 'cilegon-dkukm.yaml' ? 'plh' : 'an';
    for (const item of action) expect(item.actingFor).toMatchObject({ capacity, principalPositionId: env.org.positions.SEKRETARIS });
    expect(listed.finished).toEqual([env.ids.deputyActed]);
    const signerDeputy = expectStatus(await env.as('deputyOfSigner').get('/api/v1/inbox?box=action'), 200).body.items;
    expect(signerDeputy.map((i: { documentId: string }) => i.documentId)).toEqual([env.ids.waitingAtSigner]);
  });
});

describe.each(['cilegon-dkukm.yaml', 'batam-dkum.yaml'] as OfficeFile[])('an overdue step in %s', (file) => {
  let fast: TestApi;
  beforeAll(async () => {
    fast = await startApi({ TEMPORAL_TASK_QUEUE: stack.queue, STEP_DEADLINE_UNIT: 'seconds', STEP_REMINDER_AFTER: '1', STEP_ESCALATION_AFTER: '1' });
  });
  afterAll(() => fast.close());

  it("escalates to the superior, who may open it; the superior's deputy neither sees nor opens it", async () => {
    const cast = CAST[file];
    const org = await createTestOrganization(file);
    const as = async (code: string) => fast.as(await fast.login(org.officials[code].nip));
    expectStatus(
      await (
        await as('KADIS')
      ).post('/api/v1/delegations', {
        principalPositionId: org.positions.KADIS,
        deputyPositionId: org.positions[cast.deputyOfSigner],
        validFrom: iso(-HOUR),
        validTo: iso(5 * 24 * HOUR),
        reason: 'cuti',
      }),
      201,
    );
    // A Nota Dinas the Sekretaris signs: the Kepala Dinas is not on its route, only told when it is late.
    const drafter = await as(cast.drafter);
    const created = expectStatus(
      await drafter.post('/api/v1/documents', {
        kindCode: 'NOTA_DINAS',
        subject: 'Permintaan Data Anggaran Triwulan',
        body: '<p>Mohon data anggaran triwulan disampaikan.</p>',
        classification: 'rahasia',
        urgency: 'segera',
        recipients: [{ unitId: org.units[cast.recipientUnit] }],
        signerPositionId: org.positions.SEKRETARIS,
      }),
      201,
    ).body;
    expect(created.route.map((s: { position: { positionId: string } }) => s.position.positionId)).not.toContain(org.positions.KADIS);
    expectStatus(await drafter.post(`/api/v1/documents/${created.id}/submit`), 200);
    expectStatus(
      await (await as(cast.reviewer)).post(`/api/v1/documents/${created.id}/actions/paraf`, { versionHash: created.currentVersion.contentHash }),
      200,
    );
    const ds = await testDataSource();
    await expectEventually(
      async () =>
        expect(
          await ds
            .getRepository(ReminderEntity)
            .existsBy({ documentId: created.id, stepOrder: 2, kind: 'escalation', targetPositionId: org.positions.KADIS }),
        ).toBe(true),
      30_000,
      250,
    );
    const kadis = await as('KADIS');
    await expectEventually(async () => {
      const overdue = expectStatus(await kadis.get('/api/v1/inbox?box=overdue'), 200).body.items;
      expect(overdue.map((i: { documentId: string }) => i.documentId)).toEqual([created.id]);
    });
    expect(expectStatus(await kadis.get(`/api/v1/documents/${created.id}`), 200).body.subject).toBe('Permintaan Data Anggaran Triwulan');
    expect(expectStatus(await kadis.get('/api/v1/inbox/counts'), 200).body.overdue).toBe(1);

    const deputy = await as(cast.deputyOfSigner);
    expect(expectStatus(await deputy.get('/api/v1/inbox?box=overdue'), 200).body.items).toEqual([]);
    expect(expectStatus(await deputy.get('/api/v1/inbox/counts'), 200).body.overdue).toBe(0);
    expectStatus(await deputy.get(`/api/v1/documents/${created.id}`), 403);
    expectStatus(await drafter.post(`/api/v1/documents/${created.id}/actions/withdraw`), 200);
  });
});
