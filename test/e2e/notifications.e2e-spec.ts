import { NotificationEntity } from '@naskah/persistence';
import { SeededOrganization } from '@naskah/seed';
import { expectEventually, expectStatus, officialAgents, TestApi } from '../support/api';
import { signThroughBatamChain } from '../support/chain';
import { createTestOrganization, testDataSource } from '../support/fixtures';
import { useApiAndWorker } from '../support/stack';

interface Notice {
  id: string;
  event: string;
  title: string;
  body: string;
  link: string;
  documentId: string | null;
  confidential: boolean;
  actingFor: boolean;
  readAt: string | null;
}

let api: TestApi;
const stack = useApiAndWorker('naskah-notify', { NOTIFY_SWEEP_SECONDS: '1', NOTIFY_STREAM_POLL_MS: '200' });
beforeAll(() => {
  api = stack.api;
});
const agents = officialAgents(() => api);
const HOUR = 3_600_000;
const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

async function notices(org: SeededOrganization, code: string): Promise<Notice[]> {
  return expectStatus(await (await agents(org, code)).get('/api/v1/notifications?limit=100'), 200).body.items;
}
const about = (ns: Notice[], documentId: string, event?: string) => ns.filter((n) => n.documentId === documentId && (!event || n.event === event));

async function draft(org: SeededOrganization, extra: Record<string, unknown> = {}) {
  const res = expectStatus(
    await (
      await agents(org, 'UMPEG-ARSIP')
    ).post('/api/v1/documents', {
      kindCode: 'SURAT_DINAS',
      subject: 'Undangan Rapat Koordinasi Koperasi',
      body: '<p>Dengan hormat, kami mengundang Bapak/Ibu.</p>',
      classification: 'biasa',
      urgency: 'segera',
      archiveCode: '000.8.3.3',
      recipients: [{ unitId: org.units.ISP }],
      tembusan: [{ unitId: org.units.PP }],
      ...extra,
    }),
    201,
  );
  return { id: res.body.id as string, versionHash: res.body.currentVersion.contentHash as string };
}

/** Reads the caller's notification stream with fetch() and the bearer header, as the web app does. */
async function openStream(token: string) {
  const controller = new AbortController();
  const res = await fetch(`${await api.app.getUrl()}/api/v1/notifications/stream`, {
    headers: { Authorization: `Bearer ${token}` },
    signal: controller.signal,
  });
  const events: Array<{ event: string; data: Record<string, unknown> }> = [];
  let buffer = '';
  const reading = (async () => {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) events.push({ event, data: JSON.parse(data) });
        }
      }
    } catch {
      // aborted
    }
  })();
  return {
    res,
    events,
    close: async () => {
      controller.abort();
      await reading;
    },
  };
}

describe('in-app notifications (never lost, never twice)', () => {
  it('each chain event reaches the right officials: waiting step, return with the note, signature with the number, letter arrived', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const returned = await draft(org);
    expectStatus(await (await agents(org, 'UMPEG-ARSIP')).post(`/api/v1/documents/${returned.id}/submit`), 200);

    const waiting = about(await notices(org, 'KASUBBAG-UMPEG'), returned.id);
    expect(waiting).toEqual([
      expect.objectContaining({
        event: 'step_waiting',
        title: 'Menunggu paraf Anda: Undangan Rapat Koordinasi Koperasi',
        link: `/naskah/${returned.id}`,
        confidential: false,
        actingFor: false,
        readAt: null,
      }),
    ]);
    // The drafter who submitted is told nothing of his own act.
    expect(about(await notices(org, 'UMPEG-ARSIP'), returned.id)).toEqual([]);

    expectStatus(
      await (
        await agents(org, 'KASUBBAG-UMPEG')
      ).post(`/api/v1/documents/${returned.id}/actions/return`, {
        versionHash: returned.versionHash,
        note: 'Lengkapi jadwal rapat pada paragraf kedua',
      }),
      200,
    );
    expect(about(await notices(org, 'UMPEG-ARSIP'), returned.id)).toEqual([
      expect.objectContaining({ event: 'returned', title: 'Naskah dikembalikan: Undangan Rapat Koordinasi Koperasi' }),
    ]);
    expect(about(await notices(org, 'UMPEG-ARSIP'), returned.id)[0].body).toContain('Catatan: Lengkapi jadwal rapat pada paragraf kedua');

    const signed = await draft(org);
    const view = await signThroughBatamChain((code) => agents(org, code), signed.id, signed.versionHash);
    const number = view.letter.number as string;
    expect(number).toBeTruthy();
    const drafter = await expectEventually(async () => {
      const ns = about(await notices(org, 'UMPEG-ARSIP'), signed.id, 'signed');
      expect(ns).toHaveLength(1);
      return ns[0];
    });
    expect(drafter.body).toBe(`Surat Dinas nomor ${number} telah ditandatangani.`);
    for (const [code, unit] of [
      ['KABID-ISP', 'Bidang'],
      ['KASUBBAG-PP', 'Sub Bagian'],
    ]) {
      const arrived = await expectEventually(async () => {
        const ns = about(await notices(org, code), signed.id, 'letter_arrived');
        expect(ns).toHaveLength(1);
        return ns[0];
      });
      expect(arrived.title).toBe('Surat masuk: Undangan Rapat Koordinasi Koperasi');
      expect(arrived.body).toContain(number);
      expect(arrived.body).toContain(unit);
    }
    // Each step waited for its holder once: SEKRETARIS's paraf, KADIS's signature.
    expect(about(await notices(org, 'SEKRETARIS'), signed.id).map((n) => n.event)).toEqual(['step_waiting']);
    expect(about(await notices(org, 'KADIS'), signed.id).map((n) => `${n.event}:${n.title}`)).toEqual([
      'step_waiting:Menunggu tanda tangan Anda: Undangan Rapat Koordinasi Koperasi',
    ]);
    // Never twice: one row per dedupe key, and per document no official holds two notices of one kind.
    const rows = await (await testDataSource()).getRepository(NotificationEntity).findBy({ organizationId: org.id });
    const perKind = new Map<string, number>();
    for (const r of rows)
      perKind.set(
        `${r.documentId}/${r.recipientOfficialId}/${r.event}`,
        (perKind.get(`${r.documentId}/${r.recipientOfficialId}/${r.event}`) ?? 0) + 1,
      );
    expect([...perKind.values()].every((c) => c === 1)).toBe(true);
    expect(new Set(rows.map((r) => r.dedupeKey)).size).toBe(rows.length);
  }, 180_000);

  it('a Rahasia letter: no notice carries its subject or the return note', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const secret = 'Audit Khusus Koperasi Sentosa Makmur';
    const ret = await draft(org, { subject: secret, classification: 'rahasia' });
    expectStatus(await (await agents(org, 'UMPEG-ARSIP')).post(`/api/v1/documents/${ret.id}/submit`), 200);
    expectStatus(
      await (
        await agents(org, 'KASUBBAG-UMPEG')
      ).post(`/api/v1/documents/${ret.id}/actions/return`, { versionHash: ret.versionHash, note: 'Nama Koperasi Sentosa jangan disebut' }),
      200,
    );
    const doc = await draft(org, { subject: secret, classification: 'rahasia' });
    const view = await signThroughBatamChain((code) => agents(org, code), doc.id, doc.versionHash);
    await expectEventually(async () => expect(about(await notices(org, 'KABID-ISP'), doc.id, 'letter_arrived')).toHaveLength(1));
    await expectEventually(async () => expect(about(await notices(org, 'UMPEG-ARSIP'), doc.id, 'signed')).toHaveLength(1));
    const all: Notice[] = [];
    for (const code of ['UMPEG-ARSIP', 'KASUBBAG-UMPEG', 'SEKRETARIS', 'KADIS', 'KABID-ISP', 'KASUBBAG-PP']) all.push(...(await notices(org, code)));
    expect(all.length).toBeGreaterThanOrEqual(7);
    for (const n of all) {
      expect(n.confidential).toBe(true);
      expect(`${n.title} ${n.body}`).not.toMatch(/Sentosa|Makmur/);
      expect(n.title).toContain('Naskah rahasia (Surat Dinas)');
    }
    expect(about(all, ret.id, 'returned')[0].body).toContain('Lihat catatan di aplikasi');
    expect(about(all, doc.id, 'signed')[0].body).toContain(view.letter.number);
    const raw = await (await testDataSource()).getRepository(NotificationEntity).findBy({ organizationId: org.id });
    expect(JSON.stringify(raw.map((r) => [r.title, r.body, r.data]))).not.toMatch(/Sentosa|Makmur/);
  }, 180_000);

  it('a deputy is told it starts, that a step waits for him a.n. the principal, and that it ended; later starts come from the sweep', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const kasubbag = await agents(org, 'KASUBBAG-UMPEG');
    const appointed = expectStatus(
      await kasubbag.post('/api/v1/delegations', {
        principalPositionId: org.positions['KASUBBAG-UMPEG'],
        deputyPositionId: org.positions['UMPEG-SDM'],
        validFrom: iso(-HOUR),
        validTo: iso(5 * 24 * HOUR),
        reason: 'cuti',
      }),
      201,
    ).body;
    const deputyStarted = (await notices(org, 'UMPEG-SDM')).filter((n) => n.event === 'deputy_started');
    expect(deputyStarted).toEqual([
      expect.objectContaining({ title: 'Anda mulai bertindak a.n. Kepala Sub Bagian Umum dan Kepegawaian', actingFor: true }),
    ]);
    expect((await notices(org, 'KASUBBAG-UMPEG')).filter((n) => n.event === 'deputy_started')).toHaveLength(1);

    const doc = await draft(org);
    expectStatus(await (await agents(org, 'UMPEG-ARSIP')).post(`/api/v1/documents/${doc.id}/submit`), 200);
    expect(about(await notices(org, 'UMPEG-SDM'), doc.id)).toEqual([
      expect.objectContaining({
        event: 'step_waiting',
        actingFor: true,
        title: 'Menunggu paraf Anda: Undangan Rapat Koordinasi Koperasi (a.n. Kepala Sub Bagian Umum dan Kepegawaian)',
      }),
    ]);
    expect(about(await notices(org, 'KASUBBAG-UMPEG'), doc.id)).toEqual([expect.objectContaining({ event: 'step_waiting', actingFor: false })]);

    expectStatus(await kasubbag.delete(`/api/v1/delegations/${appointed.id}`), 200);
    for (const code of ['UMPEG-SDM', 'KASUBBAG-UMPEG']) {
      expect((await notices(org, code)).filter((n) => n.event === 'deputy_ended')).toHaveLength(1);
    }

    // An appointment from a moment ahead, ending soon after: the worker's sweep tells each, once.
    const later = expectStatus(
      await (
        await agents(org, 'KADIS')
      ).post('/api/v1/delegations', {
        principalPositionId: org.positions.KADIS,
        deputyPositionId: org.positions.SEKRETARIS,
        validFrom: iso(3_000),
        validTo: iso(8_000),
        reason: 'dinas_luar',
      }),
      201,
    ).body;
    expect((await notices(org, 'SEKRETARIS')).filter((n) => n.event === 'deputy_started')).toEqual([]);
    await expectEventually(
      async () => expect((await notices(org, 'SEKRETARIS')).filter((n) => n.event === 'deputy_started')).toHaveLength(1),
      20_000,
    );
    await expectEventually(async () => expect((await notices(org, 'SEKRETARIS')).filter((n) => n.event === 'deputy_ended')).toHaveLength(1), 20_000);
    const rows = await (await testDataSource()).getRepository(NotificationEntity).find({ where: { organizationId: org.id } });
    const aboutLater = rows.filter((r) => r.dedupeKey.startsWith(`delegation:${later.id}:`)).map((r) => `${r.event}:${r.recipientOfficialId}`);
    expect(aboutLater.sort()).toEqual(
      [
        `deputy_ended:${org.officials.KADIS.id}`,
        `deputy_ended:${org.officials.SEKRETARIS.id}`,
        `deputy_started:${org.officials.KADIS.id}`,
        `deputy_started:${org.officials.SEKRETARIS.id}`,
      ].sort(),
    );
  }, 120_000);

  it('own notices only: read, read all, 404 for another official’s, unread count', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const doc = await draft(org);
    expectStatus(await (await agents(org, 'UMPEG-ARSIP')).post(`/api/v1/documents/${doc.id}/submit`), 200);
    const kasubbag = await agents(org, 'KASUBBAG-UMPEG');
    const page = expectStatus(await kasubbag.get('/api/v1/notifications'), 200).body;
    expect(page).toMatchObject({ unreadCount: 1, nextCursor: null });
    const [notice] = page.items as Notice[];

    const other = await agents(org, 'SEKRETARIS');
    const refused = expectStatus(await other.post(`/api/v1/notifications/${notice.id}/read`), 404);
    expect(refused.body).toMatchObject({ code: 'NOT_FOUND' });
    expectStatus(await other.post(`/api/v1/notifications/00000000-0000-4000-8000-000000000000/read`), 404);
    expectStatus(await other.post('/api/v1/notifications/bukan-uuid/read'), 400);

    const read = expectStatus(await kasubbag.post(`/api/v1/notifications/${notice.id}/read`), 200).body;
    expect(read.readAt).toEqual(expect.any(String));
    expect(expectStatus(await kasubbag.get('/api/v1/notifications'), 200).body.unreadCount).toBe(0);

    // Paging: newest first, a cursor to the next page.
    const doc2 = await draft(org);
    expectStatus(await (await agents(org, 'UMPEG-ARSIP')).post(`/api/v1/documents/${doc2.id}/submit`), 200);
    const first = expectStatus(await kasubbag.get('/api/v1/notifications?limit=1'), 200).body;
    expect(first.items.map((n: Notice) => n.documentId)).toEqual([doc2.id]);
    const second = expectStatus(await kasubbag.get(`/api/v1/notifications?limit=1&cursor=${first.nextCursor}`), 200).body;
    expect(second.items.map((n: Notice) => n.documentId)).toEqual([doc.id]);
    expect(second.nextCursor).toBeNull();
    expectStatus(await kasubbag.get('/api/v1/notifications?limit=0'), 400);
    expectStatus(await kasubbag.get('/api/v1/notifications?cursor=rusak'), 400);

    expect(expectStatus(await kasubbag.post('/api/v1/notifications/read-all'), 200).body).toEqual({ unreadCount: 0 });
  }, 120_000);

  it('preferences: defaults, saved, malformed is 400; every route needs a token', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const me = await agents(org, 'UMPEG-ARSIP');
    expect(expectStatus(await me.get('/api/v1/notifications/preferences'), 200).body).toEqual({ email: true, webhook: true, emailDigest: false });
    expect(expectStatus(await me.put('/api/v1/notifications/preferences', { email: true, webhook: false, emailDigest: true }), 200).body).toEqual({
      email: true,
      webhook: false,
      emailDigest: true,
    });
    expect(expectStatus(await me.get('/api/v1/notifications/preferences'), 200).body).toEqual({ email: true, webhook: false, emailDigest: true });
    for (const bad of [
      { email: 'ya', webhook: false, emailDigest: true },
      { email: true },
      { email: true, webhook: true, emailDigest: false, sms: true },
    ]) {
      const res = expectStatus(await me.put('/api/v1/notifications/preferences', bad), 400);
      expect(res.body.code).toBe('INVALID_INPUT');
    }
    for (const path of ['/api/v1/notifications', '/api/v1/notifications/stream', '/api/v1/notifications/preferences']) {
      expectStatus(await api.http.get(path), 401);
    }
    expectStatus(await api.http.post('/api/v1/notifications/read-all'), 401);
  }, 60_000);

  it('the stream pushes a new notice to the connected official, with the unread count', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const token = await api.login(org.officials['KASUBBAG-UMPEG'].nip);
    const stream = await openStream(token);
    try {
      expect(stream.res.status).toBe(200);
      expect(stream.res.headers.get('content-type')).toMatch(/^text\/event-stream/);
      await expectEventually(async () => expect(stream.events).toContainEqual({ event: 'unread', data: { unreadCount: 0 } }));
      const doc = await draft(org);
      expectStatus(await (await agents(org, 'UMPEG-ARSIP')).post(`/api/v1/documents/${doc.id}/submit`), 200);
      const pushed = await expectEventually(async () => {
        const e = stream.events.find((x) => x.event === 'notification');
        expect(e).toBeDefined();
        return e!;
      }, 10_000);
      expect(pushed.data).toMatchObject({ unreadCount: 1, notification: { event: 'step_waiting', documentId: doc.id } });
      // Read elsewhere: the open page learns the new count.
      expectStatus(await api.as(token).post('/api/v1/notifications/read-all'), 200);
      await expectEventually(async () => expect(stream.events.at(-1)).toEqual({ event: 'unread', data: { unreadCount: 0 } }), 10_000);
      expect(stream.events.filter((x) => x.event === 'notification')).toHaveLength(1);
    } finally {
      await stream.close();
    }
  }, 60_000);
});
