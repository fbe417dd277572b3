import { DataSource } from 'typeorm';
import { loadConfig } from '@naskah/config';
import { createDataSource } from '@naskah/persistence';
import { SeededOrganization } from '@naskah/seed';
import { NotificationDelivery } from '@naskah/worker';
import { expectEventually, expectStatus, officialAgents, TestApi, TEST_TTE_PASSPHRASE } from '../support/api';
import { batamLetterAtSigner, sekretarisActsForKadis } from '../support/chain';
import { closeTestDataSource, createTestOrganization, testDataSource } from '../support/fixtures';
import { TestMailbox } from '../support/mailbox';
import { useApiAndWorker } from '../support/stack';

/**
 * The chain's own events reach the right people in the app and by e-mail (a real SMTP server in
 * this process, the worker's delivery loop): the step waiting, a deputy's notice marked a.n., the
 * return with its note, the signed letter with its number; a Rahasia letter's e-mail carries no
 * subject; an SMTP outage delays the notices of real acts and loses none, each sent once.
 */
const BASE = 'https://naskah.example.go.id';
const mailbox = new TestMailbox();
const overrides: Record<string, string> = { PUBLIC_BASE_URL: BASE };
let api: TestApi;
let loopDs: DataSource;
let loop: NotificationDelivery;
let org: SeededOrganization;

// Before the API and worker start: the mailbox's port goes into their configuration.
beforeAll(async () => {
  await mailbox.start();
  Object.assign(overrides, { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(mailbox.port) });
});
const stack = useApiAndWorker('naskah-notify-mail', overrides);
const as = officialAgents(() => api);

beforeAll(async () => {
  api = stack.api;
  org = await createTestOrganization('batam-dkum.yaml');
  // This office's deliveries only (the database is shared with the run's other specs).
  const cfg = loadConfig({ ...process.env, ...overrides, NOTIFY_POLL_MS: '50', NOTIFY_RETRY_BASE_MS: '200', NOTIFY_RETRY_MAX_MS: '600' });
  loopDs = createDataSource({ url: cfg.DATABASE_URL, poolSize: 4 });
  await loopDs.initialize();
  loop = new NotificationDelivery(loopDs, cfg, { organizationIds: [org.id] });
  loop.start();
});
afterAll(async () => {
  await loop?.stop();
  await loopDs?.destroy();
  await mailbox.stop();
  await closeTestDataSource();
});

const addressOf = async (code: string) =>
  ((await (await testDataSource()).query('SELECT email FROM official WHERE id = ?', [org.officials[code].id])) as Array<{ email: string }>)[0].email;
const mailsTo = async (code: string, documentId: string) => {
  const address = await addressOf(code);
  return mailbox.messages.filter((m) => m.envelopeTo.includes(address) && m.text.includes(documentId));
};
const inApp = async (code: string, documentId: string) =>
  (
    expectStatus(await (await as(org, code)).get('/api/v1/notifications?limit=100'), 200).body.items as Array<{
      documentId: string;
      event: string;
      title: string;
      body: string;
    }>
  ).filter((n) => n.documentId === documentId);

/** Exactly one notice of the event for the official, in the app and in the mailbox, once each. */
async function toldOnce(code: string, documentId: string, event: string) {
  return expectEventually(async () => {
    const notices = (await inApp(code, documentId)).filter((n) => n.event === event);
    expect(notices).toHaveLength(1);
    const mails = (await mailsTo(code, documentId)).filter((m) => m.subject === notices[0].title);
    expect(mails).toHaveLength(1);
    expect(mails[0].text).toContain(`${BASE}/naskah/${documentId}`);
    return { notice: notices[0], mail: mails[0] };
  }, 30_000);
}

describe('notifications of the chain, in the app and by e-mail', () => {
  it('the step waiting, the deputy a.n., the return with its note, the signature with its number', async () => {
    const agent = (code: string) => as(org, code);
    // The Sekretaris is the Kepala Dinas's deputy: the Kepala Dinas's signature waits for him a.n.
    await sekretarisActsForKadis(await agent('KADIS'), org.positions);
    const created = expectStatus(
      await (
        await agent('UMPEG-ARSIP')
      ).post('/api/v1/documents', {
        kindCode: 'SURAT_DINAS',
        subject: 'Undangan Rapat Pemberitahuan Surel',
        body: '<p>Dengan hormat, kami mengundang Bapak/Ibu.</p>',
        classification: 'biasa',
        urgency: 'biasa',
        archiveCode: '000.8.3.3',
        recipients: [{ unitId: org.units.ISP }],
      }),
      201,
    );
    const id = created.body.id as string;
    const v1 = created.body.currentVersion.contentHash as string;
    expectStatus(await (await agent('UMPEG-ARSIP')).post(`/api/v1/documents/${id}/submit`), 200);
    const waiting = await toldOnce('KASUBBAG-UMPEG', id, 'step_waiting');
    expect(waiting.mail.subject).toContain('Undangan Rapat Pemberitahuan Surel');

    const note = 'Lengkapi dasar hukum pada paragraf pertama.';
    expectStatus(await (await agent('KASUBBAG-UMPEG')).post(`/api/v1/documents/${id}/actions/return`, { versionHash: v1, note }), 200);
    const returned = await toldOnce('UMPEG-ARSIP', id, 'returned');
    expect(returned.mail.text).toContain(note);

    expectStatus(
      await (
        await agent('UMPEG-ARSIP')
      ).put(`/api/v1/documents/${id}`, {
        baseVersionNo: 1,
        subject: 'Undangan Rapat Pemberitahuan Surel',
        body: '<p>Berdasarkan Peraturan Wali Kota Batam Nomor 14 Tahun 2023, kami mengundang Bapak/Ibu.</p>',
        classification: 'biasa',
        urgency: 'biasa',
        archiveCode: '000.8.3.3',
        recipients: [{ unitId: org.units.ISP }],
      }),
      200,
    );
    const v2 = expectStatus(await (await agent('UMPEG-ARSIP')).get(`/api/v1/documents/${id}`), 200).body.currentVersion.contentHash as string;
    expectStatus(await (await agent('UMPEG-ARSIP')).post(`/api/v1/documents/${id}/actions/resubmit`), 200);
    for (const code of ['KASUBBAG-UMPEG', 'SEKRETARIS'])
      expectStatus(await (await agent(code)).post(`/api/v1/documents/${id}/actions/paraf`, { versionHash: v2 }), 200);
    // The signature waits for the Kepala Dinas, and for his deputy a.n. Kepala Dinas.
    await toldOnce('KADIS', id, 'step_waiting');
    const deputy = await expectEventually(async () => {
      const notices = (await inApp('SEKRETARIS', id)).filter((n) => n.event === 'step_waiting' && n.title.includes('a.n.'));
      expect(notices).toHaveLength(1);
      const mails = (await mailsTo('SEKRETARIS', id)).filter((m) => m.subject === notices[0].title);
      expect(mails).toHaveLength(1);
      return mails[0];
    }, 30_000);
    expect(deputy.subject).toMatch(/a\.n\. Kepala Dinas/i);

    expectStatus(
      await (await agent('KADIS')).post(`/api/v1/documents/${id}/actions/sign`, { versionHash: v2, passphrase: TEST_TTE_PASSPHRASE }),
      200,
    );
    const number = `000.8.3.3/0001/DKUM/${new Date().getFullYear()}`;
    const signed = await toldOnce('UMPEG-ARSIP', id, 'signed');
    expect(`${signed.mail.subject} ${signed.mail.text}`).toContain(number);
    const arrived = await toldOnce('KABID-ISP', id, 'letter_arrived');
    expect(arrived.mail.text).toContain(number);
  });

  it("a Rahasia letter's notices and e-mails carry no subject", async () => {
    const secret = 'Penyelidikan Dugaan Penyimpangan Koperasi Sejahtera';
    const created = expectStatus(
      await (
        await as(org, 'UMPEG-ARSIP')
      ).post('/api/v1/documents', {
        kindCode: 'SURAT_DINAS',
        subject: secret,
        body: '<p>Isi yang dirahasiakan.</p>',
        classification: 'rahasia',
        urgency: 'segera',
        archiveCode: '000.8.3.3',
        recipients: [{ unitId: org.units.ISP }],
      }),
      201,
    );
    const id = created.body.id as string;
    expectStatus(await (await as(org, 'UMPEG-ARSIP')).post(`/api/v1/documents/${id}/submit`), 200);
    const { notice, mail } = await toldOnce('KASUBBAG-UMPEG', id, 'step_waiting');
    for (const text of [notice.title, notice.body, mail.subject, mail.text, mail.html]) expect(text).not.toContain(secret);
  });

  it('SMTP down while officials act: the notices wait, then each is delivered exactly once', async () => {
    const port = mailbox.port;
    await mailbox.stop();
    const { id } = await batamLetterAtSigner((code) => as(org, code), org.units.ISP, 'Undangan Rapat Saat Surel Padam');
    const ds = await testDataSource();
    // Queued and retried while the server is away.
    await expectEventually(async () => {
      const [row] = await ds.query(
        `SELECT COUNT(*) AS n, MAX(d.attempts) AS attempts FROM notification_delivery d JOIN notification n ON n.id = d.notification_id
          WHERE n.document_id = ? AND d.channel = 'email' AND d.state = 'pending'`,
        [id],
      );
      expect(Number(row.n)).toBeGreaterThanOrEqual(3);
      expect(Number(row.attempts)).toBeGreaterThanOrEqual(2);
    }, 30_000);
    mailbox.port = port;
    await mailbox.start();
    await expectEventually(async () => {
      const [row] = await ds.query(
        `SELECT COUNT(*) AS n FROM notification_delivery d JOIN notification n ON n.id = d.notification_id
          WHERE n.document_id = ? AND d.channel = 'email' AND d.state <> 'sent'`,
        [id],
      );
      expect(Number(row.n)).toBe(0);
    }, 30_000);
    const sent = (await ds.query(
      `SELECT n.id FROM notification_delivery d JOIN notification n ON n.id = d.notification_id WHERE n.document_id = ? AND d.channel = 'email'`,
      [id],
    )) as Array<{ id: string }>;
    for (const { id: noticeId } of sent) expect(mailbox.messages.filter((m) => m.messageId === `<${noticeId}@naskah>`)).toHaveLength(1);
  });
});
