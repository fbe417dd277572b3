import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { AppConfig, loadConfig } from '@naskah/config';
import { createDataSource, enqueueNotification, NotificationDeliveryEntity, NotificationEntity } from '@naskah/persistence';
import { NotificationDelivery, noticeMessageId } from '@naskah/worker';
import { SeededOfficial, SeededOrganization } from '@naskah/seed';
import { expectEventually } from '../support/api';
import { closeTestDataSource, createTestOrganization, testDataSource } from '../support/fixtures';
import { TestMailbox } from '../support/mailbox';

const BASE = 'https://naskah.example.go.id';

/** A receiver as an office's gateway would write it: verifies the signature over the raw bytes, dedupes on the delivery id. */
function verifySignature(raw: Buffer, header: string | undefined, secret: string): boolean {
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`);
  const given = Buffer.from(header ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

interface Received {
  raw: Buffer;
  headers: IncomingHttpHeaders;
}

describe('notification delivery: e-mail over SMTP, the office webhook, the daily digest', () => {
  let ds: DataSource;
  let loopDs: DataSource;
  let org: SeededOrganization;
  let webhookOrg: SeededOrganization;
  let cfg: AppConfig;
  const mailbox = new TestMailbox();
  const loops: NotificationDelivery[] = [];

  const official = (o: SeededOrganization, code: string): SeededOfficial => o.officials[code];
  const emailOf = async (officialId: string): Promise<string> =>
    (await ds.query('SELECT email FROM official WHERE id = ?', [officialId]))[0].email as string;
  const deliveries = (ids: string[]) => ds.getRepository(NotificationDeliveryEntity).findBy(ids.map((notificationId) => ({ notificationId })));

  async function notify(
    o: SeededOrganization,
    recipient: SeededOfficial,
    fields: Partial<{ title: string; body: string; confidential: boolean; data: Record<string, unknown> }> = {},
  ): Promise<NotificationEntity> {
    const documentId = randomUUID();
    const n = await ds.transaction((m) =>
      enqueueNotification(m, {
        organizationId: o.id,
        recipientOfficialId: recipient.id,
        event: 'step_waiting',
        documentId,
        dedupeKey: `test:${randomUUID()}`,
        confidential: fields.confidential ?? false,
        title: fields.title ?? `Nota Dinas menunggu paraf Anda ${randomBytes(3).toString('hex')}`,
        body: fields.body ?? 'Sebuah Nota Dinas dari Sekretariat menunggu paraf Anda.',
        link: `/dokumen/${documentId}`,
        data: fields.data,
        at: new Date(),
      }),
    );
    if (!n) throw new Error('notice not written');
    return n;
  }

  function startLoop(overrides: Record<string, string> = {}, organizationIds = [org.id, webhookOrg.id]): NotificationDelivery {
    const loop = new NotificationDelivery(loopDs, loadConfig({ ...process.env, ...baseOverrides(), ...overrides }), { organizationIds });
    loops.push(loop);
    loop.start();
    return loop;
  }

  const baseOverrides = () => ({
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(mailbox.port),
    PUBLIC_BASE_URL: BASE,
    NOTIFY_POLL_MS: '50',
    NOTIFY_RETRY_BASE_MS: '200',
    NOTIFY_RETRY_MAX_MS: '800',
  });

  async function stopLoops(): Promise<void> {
    await Promise.all(loops.splice(0).map((l) => l.stop()));
  }

  beforeAll(async () => {
    ds = await testDataSource();
    [org, webhookOrg] = await Promise.all([createTestOrganization('batam-dkum.yaml'), createTestOrganization('cilegon-dkukm.yaml')]);
    await mailbox.start();
    cfg = loadConfig({ ...process.env, ...baseOverrides() });
    loopDs = createDataSource({ url: cfg.DATABASE_URL, poolSize: 8 });
    await loopDs.initialize();
  });

  afterEach(stopLoops);

  afterAll(async () => {
    await stopLoops();
    await mailbox.stop();
    await loopDs?.destroy();
    await closeTestDataSource();
  });

  it('seeds the demo officials with an address at the office domain', async () => {
    const kadis = official(org, 'KADIS');
    expect(await emailOf(kadis.id)).toBe(`${kadis.nip}@batam.go.id`);
  });

  it("a notice reaches the official's mailbox once: recipient, subject, deep link, escaped HTML", async () => {
    startLoop();
    const kadis = official(org, 'KADIS');
    const n = await notify(org, kadis, { body: 'Perihal <b>"Rapat & Koordinasi"</b> menunggu paraf Anda.' });
    const [mail] = await expectEventually(async () => {
      const got = mailbox.byMessageId(noticeMessageId(n.id));
      expect(got).toHaveLength(1);
      return got;
    });
    const address = await emailOf(kadis.id);
    expect(mail.envelopeTo).toEqual([address]);
    expect(mail.headers.get('to')).toContain(address);
    expect(mail.subject).toBe(n.title);
    expect(mail.text).toContain(`Buka di aplikasi: ${BASE}/dokumen/${n.documentId}`);
    expect(mail.text).toMatch(/^Yth\. /);
    expect(mail.text.split('\n')[0]).toContain(kadis.name);
    expect(mail.html).toContain(`href="${BASE}/dokumen/${n.documentId}"`);
    expect(mail.html).toContain('&lt;b&gt;&quot;Rapat &amp; Koordinasi&quot;&lt;/b&gt;');
    expect(mail.html).not.toContain('<b>"Rapat');

    const [row] = await expectEventually(async () => {
      const rows = await deliveries([n.id]);
      expect(rows).toEqual([expect.objectContaining({ channel: 'email', state: 'sent', attempts: 1 })]);
      return rows;
    });
    expect(row.sentAt).toBeInstanceOf(Date);
    // Nothing due any more: another pass sends nothing.
    await stopLoops();
    expect(await new NotificationDelivery(loopDs, cfg, { organizationIds: [org.id] }).deliverDue()).toBe(0);
    expect(mailbox.byMessageId(noticeMessageId(n.id))).toHaveLength(1);
  });

  it("a confidential notice's e-mail carries nothing of the document (its subject stays in the app)", async () => {
    startLoop();
    const secret = `Rencana Pemeriksaan Khusus Koperasi ${randomBytes(4).toString('hex')}`;
    const n = await notify(org, official(org, 'SEKRETARIS'), {
      confidential: true,
      title: 'Naskah bersifat Rahasia menunggu paraf Anda',
      body: 'Sebuah Nota Dinas berklasifikasi Rahasia menunggu paraf Anda.',
      data: { subject: secret, perihal: secret },
    });
    const [mail] = await expectEventually(async () => {
      const got = mailbox.byMessageId(noticeMessageId(n.id));
      expect(got).toHaveLength(1);
      return got;
    });
    expect(mail.subject).toBe('Naskah bersifat Rahasia menunggu paraf Anda');
    expect(mail.text).toContain('bersifat rahasia');
    for (const part of [mail.raw, mail.subject, mail.text, mail.html]) {
      expect(part).not.toContain(secret);
      expect(part).not.toContain('Pemeriksaan Khusus');
    }
  });

  it('SMTP down for a while, then back: every queued notice is delivered exactly once, attempts and backoff recorded', async () => {
    await mailbox.stop();
    startLoop();
    const recipients = ['KASUBBAG-UMPEG', 'UMPEG-SDM', 'UMPEG-ARSIP', 'KABID-ISP', 'KABID-PPK'].map((c) => official(org, c));
    const notices = await Promise.all(recipients.map((r) => notify(org, r)));
    const ids = notices.map((n) => n.id);
    const failing = await expectEventually(async () => {
      const rows = await deliveries(ids);
      expect(rows).toHaveLength(5);
      for (const r of rows) {
        expect(r.state).toBe('pending');
        expect(r.attempts).toBeGreaterThanOrEqual(2);
        expect(r.lastError).toMatch(/^smtp: /);
        expect(r.lastError).not.toContain(cfg.SMTP_PASS ?? 'no-password');
      }
      return rows;
    }, 15_000);
    // Backoff: the next try waits 200 ms * 2^(attempts-1), at most 800 ms after the last.
    for (const r of failing) expect(r.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() - 1000);
    expect(mailbox.messages.filter((m) => ids.some((id) => m.messageId === noticeMessageId(id)))).toHaveLength(0);

    await mailbox.start();
    const sent = await expectEventually(async () => {
      const rows = await deliveries(ids);
      expect(rows.every((r) => r.state === 'sent')).toBe(true);
      return rows;
    }, 15_000);
    for (const r of sent) {
      expect(r.attempts).toBeGreaterThanOrEqual(3);
      expect(r.lastError).toMatch(/^smtp: /);
    }
    for (const id of ids) expect(mailbox.byMessageId(noticeMessageId(id))).toHaveLength(1);
  });

  it('two delivery loops at once never send one notice twice', async () => {
    mailbox.acceptDelayMs = 20;
    try {
      const recipients = Object.values(org.officials);
      // Claims made side by side: each locks its own rows (SKIP LOCKED), together they take each row once.
      const first = await Promise.all(recipients.slice(0, 4).map((r) => notify(org, r)));
      const a = new NotificationDelivery(loopDs, { ...cfg, NOTIFY_BATCH_SIZE: 2 }, { organizationIds: [org.id] });
      const b = new NotificationDelivery(loopDs, { ...cfg, NOTIFY_BATCH_SIZE: 2 }, { organizationIds: [org.id] });
      // Side by side each takes rows the other has not locked (SKIP LOCKED); however they interleave, the four are taken once.
      const claimed = [...(await Promise.all([a.deliverDue(), b.deliverDue()])), ...(await Promise.all([a.deliverDue(), b.deliverDue()]))];
      expect(claimed.every((n) => n <= 2)).toBe(true);
      expect(claimed.reduce((x, y) => x + y, 0)).toBe(4);
      await Promise.all([a.stop(), b.stop()]);

      const more = await Promise.all([...recipients, ...recipients].slice(0, 24).map((r) => notify(org, r)));
      startLoop({ NOTIFY_BATCH_SIZE: '3', NOTIFY_POLL_MS: '10' }, [org.id]);
      startLoop({ NOTIFY_BATCH_SIZE: '3', NOTIFY_POLL_MS: '10' }, [org.id]);
      const ids = [...first, ...more].map((n) => n.id);
      await expectEventually(async () => {
        const rows = await deliveries(ids);
        expect(rows.filter((r) => r.state === 'sent')).toHaveLength(ids.length);
      }, 30_000);
      for (const id of ids) expect(mailbox.byMessageId(noticeMessageId(id))).toHaveLength(1);
      for (const r of await deliveries(ids)) expect(r.attempts).toBe(1);
    } finally {
      mailbox.acceptDelayMs = 0;
    }
  });

  describe("the office's webhook", () => {
    let server: Server;
    let url: string;
    const received: Received[] = [];
    const seen = new Set<string>();
    let failNext = 1;
    const secret = randomBytes(24).toString('hex');

    beforeAll(async () => {
      server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          if (failNext > 0) {
            failNext -= 1;
            res.writeHead(503).end();
            return;
          }
          const raw = Buffer.concat(chunks);
          if (!verifySignature(raw, req.headers['x-naskah-signature'] as string | undefined, secret)) {
            res.writeHead(401).end();
            return;
          }
          const delivery = String(req.headers['x-naskah-delivery']);
          if (!seen.has(delivery)) {
            seen.add(delivery);
            received.push({ raw, headers: req.headers });
          }
          res.writeHead(204).end();
        });
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/naskah/hook?token=abc`;
      await ds.query('INSERT INTO organization_webhook (organization_id, url, secret, active, updated_at) VALUES (?, ?, ?, TRUE, NOW(3))', [
        webhookOrg.id,
        url,
        secret,
      ]);
    });

    afterAll(async () => {
      await new Promise<void>((r) => server.close(() => r()));
    });

    it('POSTs the signed notice; a 5xx is retried; the HMAC verifies with the office secret and not with another', async () => {
      startLoop();
      const kadis = official(webhookOrg, 'KADIS');
      const n = await notify(webhookOrg, kadis, { confidential: true, title: 'Naskah Rahasia menunggu tanda tangan Anda' });
      const rows = await expectEventually(async () => {
        const r = await deliveries([n.id]);
        expect(r.map((x) => [x.channel, x.state]).sort()).toEqual([
          ['email', 'sent'],
          ['webhook', 'sent'],
        ]);
        return r;
      });
      const hook = rows.find((r) => r.channel === 'webhook')!;
      expect(hook.attempts).toBe(2);
      expect(hook.lastError).toBe('webhook: HTTP 503');

      const [got] = received.filter((r) => r.headers['x-naskah-delivery'] === n.id);
      expect(got).toBeDefined();
      expect(got.headers['content-type']).toMatch(/^application\/json/);
      expect(Number(got.headers['x-naskah-timestamp'])).toBeGreaterThan(Date.now() / 1000 - 60);
      expect(verifySignature(got.raw, got.headers['x-naskah-signature'] as string, secret)).toBe(true);
      expect(verifySignature(got.raw, got.headers['x-naskah-signature'] as string, `${secret}x`)).toBe(false);
      expect(JSON.parse(got.raw.toString('utf8'))).toEqual({
        id: n.id,
        event: 'step_waiting',
        organizationId: webhookOrg.id,
        recipient: { officialId: kadis.id, nip: kadis.nip, name: expect.stringContaining(kadis.name) },
        title: 'Naskah Rahasia menunggu tanda tangan Anda',
        body: n.body,
        link: `${BASE}${n.link}`,
        confidential: true,
        createdAt: n.createdAt.toISOString(),
      });
    });
  });

  it('the daily digest: several held notices go out as one e-mail listing them all, every row marked sent', async () => {
    const sdm = official(org, 'PP-PERENCANA');
    await ds.query(
      'INSERT INTO notification_preference (official_id, email, webhook, email_digest, updated_at) VALUES (?, TRUE, TRUE, TRUE, NOW(3)) ON DUPLICATE KEY UPDATE email_digest = TRUE',
      [sdm.id],
    );
    startLoop();
    const notices: NotificationEntity[] = [];
    for (const i of [1, 2, 3]) notices.push(await notify(org, sdm, { title: `Surat Undangan ke-${i} menunggu paraf Anda` }));
    const ids = notices.map((n) => n.id);
    expect((await deliveries(ids)).map((r) => r.state)).toEqual(['digest', 'digest', 'digest']);
    const address = await emailOf(sdm.id);
    const digests = () => mailbox.messages.filter((m) => m.envelopeTo.includes(address) && m.subject.startsWith('Ringkasan harian'));

    // The loop holds them: created after the last 07:00 WIB, they wait for the next digest.
    const loop = new NotificationDelivery(loopDs, cfg, { organizationIds: [org.id] });
    expect(await loop.deliverDigests()).toEqual({ officials: 0, notices: 0 });
    expect(digests()).toHaveLength(0);

    expect(await loop.deliverDigests(new Date(Date.now() + 1000))).toEqual({ officials: 1, notices: 3 });
    const mails = digests();
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toMatch(/^Ringkasan harian Naskah Dinas: 3 pemberitahuan/);
    for (const n of notices) {
      expect(mails[0].text).toContain(n.title);
      expect(mails[0].text).toContain(`${BASE}${n.link}`);
      expect(mails[0].html).toContain(`href="${BASE}${n.link}"`);
    }
    const rows = await deliveries(ids);
    expect(rows.map((r) => r.state)).toEqual(['sent', 'sent', 'sent']);
    expect(new Set(rows.map((r) => r.sentAt?.getTime())).size).toBe(1);
    expect(await loop.deliverDigests(new Date(Date.now() + 1000))).toEqual({ officials: 0, notices: 0 });
    expect(digests()).toHaveLength(1);
    expect(mailbox.messages.filter((m) => m.envelopeTo.includes(address) && notices.some((n) => m.messageId === noticeMessageId(n.id)))).toEqual([]);
    await loop.stop();
  });

  it('no e-mail address, no e-mail delivery; no SMTP server configured, e-mail deliveries are skipped with the reason', async () => {
    const arsip = official(org, 'PP-ANGGARAN');
    await ds.query('UPDATE official SET email = NULL WHERE id = ?', [arsip.id]);
    const none = await notify(org, arsip);
    expect(await deliveries([none.id])).toEqual([]);

    const other = await notify(org, official(org, 'KABID-PKSP'));
    const unconfigured = new NotificationDelivery(loopDs, { ...cfg, SMTP_HOST: undefined }, { organizationIds: [org.id] });
    await unconfigured.deliverDue();
    expect(await deliveries([other.id])).toEqual([
      expect.objectContaining({ channel: 'email', state: 'skipped', attempts: 0, lastError: 'e-mail is not configured (SMTP_HOST unset)' }),
    ]);
    await unconfigured.stop();
  });
});
