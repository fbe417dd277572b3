import { mkdirSync, readFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Browser, Locator, Page } from 'playwright-core';
import { WEB_DIST_DIR } from '@naskah/api';
import { SeededOrganization } from '@naskah/seed';
import { expectEventually, expectStatus, startApi, TestApi } from '../support/api';
import { closeTestDataSource, createTestOrganization } from '../support/fixtures';
import { launchChromium } from '../support/browser';
import { startTestWorker } from '../support/worker';

/**
 * The bell in a real headless Chromium: the Kasubbag has the inbox open; the clerk submits a draft
 * (through the API) and the bell's count rises without a reload; the list opens the document and
 * the count falls; the channels are chosen on the same page. Screens at desktop and phone width
 * pass axe's WCAG 2 AA rules; screenshots go to test/artifacts/web.
 */

const ARTIFACTS = join(__dirname, '..', 'artifacts', 'web');
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
const SUBJECT = 'Permohonan Data Koperasi Aktif Triwulan III';

let api: TestApi;
let origin: string;
let stopWorker: () => Promise<void>;
let browser: Browser;
let org: SeededOrganization;
let shots = 0;
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!WEB_DIST_DIR) throw new Error('dist/web is missing: `npm test` builds it first (npm run build:web)');
  api = await startApi({ TEMPORAL_TASK_QUEUE: `naskah-web-notify-${Date.now()}`, NOTIFY_STREAM_POLL_MS: '300' });
  origin = `http://127.0.0.1:${(api.app.getHttpServer().address() as AddressInfo).port}`;
  stopWorker = (await startTestWorker(api.cfg)).stop;
  browser = await launchChromium();
  org = await createTestOrganization('batam-dkum.yaml');
  mkdirSync(ARTIFACTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stopWorker?.();
  await api?.close();
  await closeTestDataSource();
});

const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

async function accessibilityProblems(page: Page): Promise<Array<{ rule: string; help: string; where: string[] }>> {
  await page.evaluate(AXE);
  return page.evaluate(`axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] }).then((r) => r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ rule: v.id, help: v.help, where: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) })))`);
}

async function shot(page: Page, name: string): Promise<void> {
  const n = String(++shots).padStart(2, '0');
  const size = page.viewportSize()!;
  for (const [label, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    await page.setViewportSize(viewport);
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect({ screen: name, viewport: label, overflow }).toEqual({ screen: name, viewport: label, overflow: 0 });
    expect({ screen: name, viewport: label, problems: await accessibilityProblems(page) }).toEqual({ screen: name, viewport: label, problems: [] });
    await page.screenshot({ path: join(ARTIFACTS, `notifications-${n}-${name}-${label}.png`), fullPage: true });
  }
  await page.setViewportSize(size);
}

async function signIn(code: string): Promise<Page> {
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'id-ID', timezoneId: 'Asia/Jakarta' });
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(`${page.url()}: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) pageErrors.push(`${page.url()}: ${m.text()}`);
  });
  await page.goto(`${origin}/`);
  await page.waitForURL(/\/masuk$/);
  await page.getByLabel('NIP').fill(org.officials[code].nip);
  await page.getByLabel('Kata sandi').fill('naskah123');
  await page.getByRole('button', { name: 'Masuk' }).click();
  await visible(page.getByTestId('official-name'));
  return page;
}

const visible = (l: Locator, timeout = 15_000) => l.waitFor({ state: 'visible', timeout });
const hasText = (l: Locator, text: string) =>
  expectEventually(async () => {
    expect(await l.innerText({ timeout: 2_000 })).toContain(text);
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
