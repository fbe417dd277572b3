import { mkdirSync, readFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Browser, Locator, Page } from 'playwright-core';
import { WEB_DIST_DIR } from '@naskah/api';
import { LOCAL_CA_NAME } from '@naskah/letter';
import { SeededOrganization } from '@naskah/seed';
import { expectEventually, expectStatus, startApi, TestApi } from '../support/api';
import { closeTestDataSource, createTestOrganization } from '../support/fixtures';
import { launchChromium } from '../support/browser';
import { startTestWorker } from '../support/worker';

/**
 * The official's own electronic signature (TTE) in a real headless Chromium: a letter reaches the
 * Kepala Dinas, whose page says it cannot be signed electronically yet; he opens Aktivasi TTE,
 * sets a passphrase, and signs in the dialog: a wrong passphrase is refused in the dialog (the
 * letter still waits, unnumbered), the right one signs it, and the letter shows its number, his
 * certificate and the time-stamp of the local CA's time-stamp authority. Screenshots at desktop and
 * phone width go to test/artifacts/web.
 */

const ARTIFACTS = join(__dirname, '..', 'artifacts', 'web');
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
const SUBJECT = 'Undangan Sosialisasi Tanda Tangan Elektronik';
const PASSPHRASE = 'rahasia-kadis-2026';

let api: TestApi;
let origin: string;
let stopWorker: () => Promise<void>;
let browser: Browser;
let org: SeededOrganization;
let shots = 0;
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!WEB_DIST_DIR) throw new Error('dist/web is missing: `npm test` builds it first (npm run build:web)');
  // The local CA's RFC 3161 time-stamp authority, as `npm start` runs it: the signatures are PAdES B-T.
  // The run's local CA and time-stamp authority (the global setup's TSA_URL): the letter is PAdES B-T.
  api = await startApi({ TEMPORAL_TASK_QUEUE: `naskah-web-tte-${Date.now()}` });
  origin = `http://127.0.0.1:${(api.app.getHttpServer().address() as AddressInfo).port}`;
  // The QR code must point at this very server. The API renders and signs the letter (with the
  // official's passphrase, in the request), so the API learns its address once it listens; the worker too.
  stopWorker = (await startTestWorker({ ...api.cfg, PUBLIC_BASE_URL: origin })).stop;
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

/** axe-core's WCAG 2 A and AA rules on the page as it is: the serious and critical findings. */
async function accessibilityProblems(page: Page): Promise<Array<{ rule: string; help: string; where: string[] }>> {
  await page.evaluate(AXE);
  return page.evaluate(`axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] }).then((r) => r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ rule: v.id, help: v.help, where: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) })))`);
}

/** A screenshot at desktop and phone width; both pass axe's WCAG 2 AA rules, and nothing scrolls sideways on the phone. */
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
    await page.screenshot({ path: join(ARTIFACTS, `tte-${n}-${name}-${label}.png`), fullPage: true });
  }
  await page.setViewportSize(size);
}

/** A browser session of one official, signed in through the login page (own storage, so own token). */
async function signIn(code: string, viewport = DESKTOP): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'id-ID', timezoneId: 'Asia/Jakarta' });
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
const hasText = (l: Locator, text: string | RegExp) =>
  expectEventually(async () => {
    const t = await l.innerText({ timeout: 2_000 });
    if (typeof text === 'string') expect(t).toContain(text);
    else expect(t).toMatch(text);
  });
const lacksText = (l: Locator, text: string) => expectEventually(async () => expect(await l.innerText({ timeout: 2_000 })).not.toContain(text));
const count = (l: Locator, n: number) => expectEventually(async () => expect(await l.count()).toBe(n));
const notice = (page: Page) => page.locator('p.notice');
const focusedId = (page: Page) => page.evaluate<string>('document.activeElement ? document.activeElement.id : ""');
const focused = (page: Page) =>
  page.evaluate<string>('document.activeElement ? `${document.activeElement.tagName}:${document.activeElement.textContent}` : ""');

/** A Surat Dinas drafted by the clerk and initialled by the Kasubbag and the Sekretaris (through the API): it waits for the Kepala Dinas. */
async function letterWaitingForKadis(): Promise<string> {
  const as = async (code: string) => api.as(await api.login(org.officials[code].nip, undefined, { tte: false }));
  const clerk = await as('UMPEG-ARSIP');
  const created = expectStatus(
    await clerk.post('/api/v1/documents', {
      kindCode: 'SURAT_DINAS',
      subject: SUBJECT,
      body: '<p>Dengan hormat, kami mengundang Bapak/Ibu menghadiri sosialisasi tanda tangan elektronik.</p>',
      classification: 'biasa',
      urgency: 'biasa',
      archiveCode: '000.8.3.3',
      recipients: [{ unitId: org.units.ISP }],
      tembusan: [{ unitId: org.units.PP }],
    }),
    201,
  );
  const id = created.body.id as string;
  const versionHash = created.body.currentVersion.contentHash as string;
  expectStatus(await clerk.post(`/api/v1/documents/${id}/submit`), 200);
  for (const code of ['KASUBBAG-UMPEG', 'SEKRETARIS']) {
    expectStatus(await (await as(code)).post(`/api/v1/documents/${id}/actions/paraf`, { versionHash }), 200);
  }
  return id;
}

describe('Aktivasi TTE and signing with the official’s own passphrase', () => {
  afterEach(() => expect(pageErrors).toEqual([]));

  it('the Kepala Dinas activates his TTE, a wrong passphrase is refused in the dialog, the right one signs with his certificate', async () => {
    const id = await letterWaitingForKadis();
    const kadis = await signIn('KADIS');

    // The letter waiting for him says he cannot sign it electronically yet, and where to go.
    await kadis.getByRole('link', { name: SUBJECT, exact: true }).click();
    await visible(kadis.getByRole('heading', { level: 1, name: SUBJECT }));
    const readiness = kadis.getByTestId('signer-readiness');
    await hasText(readiness, 'Naskah ini belum dapat ditandatangani secara elektronik');
    await hasText(readiness, 'Anda (penanda tangan): belum mengaktifkan TTE.');
    await visible(readiness.getByRole('link', { name: 'Buka Aktivasi TTE' }));
    await shot(kadis, 'document-not-ready');

    // Aktivasi TTE (from the header, as from every page): no certificate yet.
    await kadis.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Aktivasi TTE' }).click();
    await visible(kadis.getByRole('heading', { level: 1, name: 'Aktivasi TTE' }));
    await hasText(kadis.getByTestId('tte-state'), 'Belum diaktifkan');
    await hasText(kadis.getByTestId('tte-advice'), 'Anda belum memiliki sertifikat elektronik');
    await hasText(kadis.locator('main'), 'CA lokal (pengembangan, bukan BSrE)');
    await hasText(kadis.locator('main'), 'Paling sedikit 8 karakter dan tidak sama dengan NIP Anda');
    expect(await kadis.getByLabel('Passphrase baru').getAttribute('autocomplete')).toBe('new-password');
    expect(await kadis.getByLabel('Ulangi passphrase').getAttribute('type')).toBe('password');
    await shot(kadis, 'tte-not-enrolled');

    // Two passphrases that differ: refused next to the field, and neither is kept in the form.
    await kadis.getByLabel('Passphrase baru').fill(PASSPHRASE);
    await kadis.getByLabel('Ulangi passphrase').fill(`${PASSPHRASE}x`);
    await kadis.getByRole('button', { name: 'Aktifkan TTE' }).click();
    await hasText(kadis.getByRole('alert'), 'Ulangi passphrase: tidak sama dengan passphrase');
    expect(await kadis.getByLabel('Ulangi passphrase').getAttribute('aria-invalid')).toBe('true');
    await hasText(kadis.locator('#passphraseConfirmation-error'), 'tidak sama dengan passphrase');
    expect([await kadis.getByLabel('Passphrase baru').inputValue(), await kadis.getByLabel('Ulangi passphrase').inputValue()]).toEqual(['', '']);

    // The passphrase twice: his certificate, issued to him by the local CA.
    await kadis.getByLabel('Passphrase baru').fill(PASSPHRASE);
    await kadis.getByLabel('Ulangi passphrase').fill(PASSPHRASE);
    await kadis.getByRole('button', { name: 'Aktifkan TTE' }).click();
    await hasText(notice(kadis), 'TTE Anda aktif.');
    await hasText(kadis.getByTestId('tte-state'), 'Aktif');
    const status = kadis.getByRole('region', { name: 'Sertifikat elektronik Anda' });
    await hasText(status, 'Rahmat Hidayat');
    await hasText(status, 'Nomor seri');
    await hasText(status, 'Sisa masa berlaku');
    await hasText(kadis.getByTestId('tte-replace'), 'menggantikan');
    await visible(kadis.getByRole('button', { name: 'Aktifkan ulang TTE' }));
    await shot(kadis, 'tte-active');

    // Back at the letter: ready to sign.
    await kadis.goto(`${origin}/naskah/${id}`);
    await hasText(kadis.getByTestId('signer-readiness'), 'TTE siap');
    await lacksText(kadis.locator('main'), 'belum dapat ditandatangani');

    // The dialog: focus in the passphrase field; Escape closes it and focus returns to the button.
    const open = kadis.getByRole('button', { name: 'Tandatangani', exact: true });
    await open.click();
    const dialog = kadis.getByRole('dialog', { name: 'Tandatangani secara elektronik' });
    await visible(dialog);
    expect(await dialog.getAttribute('aria-modal')).toBe('true');
    await expectEventually(async () => expect(await focusedId(kadis)).toBe('sign-passphrase'));
    expect(await dialog.getByLabel('Passphrase TTE').getAttribute('type')).toBe('password');
    expect(await dialog.getByLabel('Passphrase TTE').getAttribute('autocomplete')).toBe('off');
    await hasText(dialog.getByTestId('sign-certificate'), 'Rahmat Hidayat');
    await kadis.keyboard.press('Escape');
    await count(kadis.getByRole('dialog'), 0);
    expect(await focused(kadis)).toBe('BUTTON:Tandatangani');

    // A wrong passphrase: refused in the dialog, which stays open and empty; the letter still waits, unnumbered.
    await open.click();
    await visible(dialog);
    await dialog.getByLabel('Passphrase TTE').fill('bukan-passphrase-saya');
    await dialog.getByRole('button', { name: 'Tandatangani sekarang' }).click();
    await hasText(dialog.getByRole('alert'), 'Passphrase salah. Sisa 4 kali percobaan');
    await visible(dialog);
    expect(await dialog.getByLabel('Passphrase TTE').inputValue()).toBe('');
    expect(await dialog.getByLabel('Passphrase TTE').getAttribute('aria-invalid')).toBe('true');
    const kadisApi = api.as(await api.login(org.officials.KADIS.nip, undefined, { tte: false }));
    const waiting = expectStatus(await kadisApi.get(`/api/v1/documents/${id}`), 200).body;
    expect([waiting.status, waiting.letter]).toEqual(['in_review', null]);
    await shot(kadis, 'sign-dialog-wrong-passphrase');

    // The right one: signed, numbered, with his certificate and the time-stamp.
    await dialog.getByLabel('Passphrase TTE').fill(PASSPHRASE);
    await dialog.getByRole('button', { name: 'Tandatangani sekarang' }).click();
    await hasText(notice(kadis), 'Naskah ditandatangani.');
    await count(kadis.getByRole('dialog'), 0);
    await hasText(kadis.getByTestId('letter-number'), new RegExp(`^000\\.8\\.3\\.3/\\d{4}/DKUM/${new Date().getFullYear()}$`));
    const signature = kadis.getByTestId('letter-signature');
    await hasText(signature, 'Rahmat Hidayat');
    await hasText(signature, LOCAL_CA_NAME);
    await hasText(signature, 'Nomor seri');
    await hasText(signature, /Penanda waktu\s+\d.* WIB/);
    await lacksText(signature, 'Tidak ada');
    await count(kadis.getByTestId('signer-readiness'), 0);
    await kadis.getByText(/^Riwayat lengkap/).click();
    await hasText(kadis.locator('.history'), 'Tanda tangan elektronik gagal');
    await hasText(kadis.locator('.history'), 'passphrase salah');
    await visible(kadis.getByRole('link', { name: 'Unduh PDF bertanda tangan' }), 30_000);
    await hasText(kadis.getByRole('region', { name: 'Naskah telah ditandatangani' }), 'Sudah dikirim');
    await shot(kadis, 'signed-with-tte');
    await kadis.context().close();
  }, 180_000);
});
