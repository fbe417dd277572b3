import { Page } from 'playwright-core';
import { SeededOrganization } from '@naskah/seed';
import { expectEventually, expectStatus, TestApi } from '../support/api';
import { hasText, useBrowserStory, visible } from '../support/web-story';

/**
 * The bell in a real headless Chromium: the Kasubbag has the inbox open; the clerk submits a draft
 * (through the API) and the bell's count rises without a reload; the list opens the document and
 * the count falls; the channels are chosen on the same page. Screens at desktop and phone width
 * pass axe's WCAG 2 AA rules; screenshots go to test/artifacts/web.
 */

const SUBJECT = 'Permohonan Data Koperasi Aktif Triwulan III';

const story = useBrowserStory({ queue: 'naskah-web-notify', shotPrefix: 'notifications-', overrides: { NOTIFY_STREAM_POLL_MS: '300' } });
const { signIn, shot, pageErrors } = story;
let api: TestApi;
let org: SeededOrganization;
beforeAll(() => {
  ({ api, org } = story);
});

const bellLabel = (page: Page) => page.getByTestId('bell').getAttribute('aria-label');

async function submitDraft(): Promise<string> {
  const clerk = api.as(await api.login(org.officials['UMPEG-ARSIP'].nip, undefined, { tte: false }));
  const created = expectStatus(
    await clerk.post('/api/v1/documents', {
      kindCode: 'SURAT_DINAS',
      subject: SUBJECT,
      body: '<p>Dengan hormat, mohon data koperasi aktif.</p>',
      classification: 'biasa',
      urgency: 'segera',
      archiveCode: '000.8.3.3',
      recipients: [{ unitId: org.units.ISP }],
    }),
    201,
  );
  const id = created.body.id as string;
  expectStatus(await clerk.post(`/api/v1/documents/${id}/submit`), 200);
  return id;
}

describe('the notification bell', () => {
  afterEach(() => expect(pageErrors).toEqual([]));

  it('counts a new notice without a reload, opens the document from the list, and keeps the channels chosen', async () => {
    const kasubbag = await signIn('KASUBBAG-UMPEG');
    expect(await bellLabel(kasubbag)).toBe('Notifikasi, 0 belum dibaca');

    // Another official acts: the open page learns it from the stream.
    const id = await submitDraft();
    await expectEventually(async () => expect(await bellLabel(kasubbag)).toBe('Notifikasi, 1 belum dibaca'), 15_000);
    await hasText(kasubbag.getByTestId('bell-count'), '1');
    await hasText(kasubbag.getByRole('status').filter({ hasText: 'Pemberitahuan baru' }), `Menunggu paraf Anda: ${SUBJECT}`);
    await shot(kasubbag, 'bell-unread');

    await kasubbag.getByRole('link', { name: 'Notifikasi, 1 belum dibaca' }).click();
    await visible(kasubbag.getByRole('heading', { level: 1, name: 'Notifikasi' }));
    const item = kasubbag.getByTestId('notification').first();
    await hasText(item, `Menunggu paraf Anda: ${SUBJECT}`);
    await hasText(item, 'Menunggu tindakan');
    await shot(kasubbag, 'list');

    // The channels: saved, and shown so after a reload.
    await kasubbag.getByLabel('WhatsApp/Telegram instansi (webhook)').uncheck();
    await kasubbag.getByRole('button', { name: 'Simpan' }).click();
    await hasText(kasubbag.getByRole('status').filter({ hasText: 'disimpan' }), 'Pilihan saluran disimpan.');
    await kasubbag.reload();
    await visible(kasubbag.getByRole('heading', { level: 1, name: 'Notifikasi' }));
    await expectEventually(async () => expect(await kasubbag.getByLabel('WhatsApp/Telegram instansi (webhook)').isChecked()).toBe(false));
    expect(await kasubbag.getByLabel('Surel (e-mail)').isChecked()).toBe(true);

    // The list opens the document and marks the notice read.
    await kasubbag.getByRole('link', { name: `Belum dibaca: Menunggu paraf Anda: ${SUBJECT}` }).click();
    await kasubbag.waitForURL(new RegExp(`/naskah/${id}$`));
    await visible(kasubbag.getByRole('heading', { level: 1, name: SUBJECT }));
    await expectEventually(async () => expect(await bellLabel(kasubbag)).toBe('Notifikasi, 0 belum dibaca'));
  }, 120_000);
});
