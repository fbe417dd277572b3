import { Page } from 'playwright-core';
import { LOCAL_CA_NAME } from '@naskah/letter';
import { SeededOrganization } from '@naskah/seed';
import { expectEventually, expectStatus, TestApi } from '../support/api';
import { count, hasText, lacksText, useBrowserStory, visible } from '../support/web-story';

/**
 * The official's own electronic signature (TTE) in a real headless Chromium: a letter reaches the
 * Kepala Dinas, whose page says it cannot be signed electronically yet; he opens Aktivasi TTE,
 * sets a passphrase, and signs in the dialog: a wrong passphrase is refused in the dialog (the
 * letter still waits, unnumbered), the right one signs it, and the letter shows its number, his
 * certificate and the time-stamp of the local CA's time-stamp authority. Screenshots at desktop and
 * phone width go to test/artifacts/web.
 */

const SUBJECT = 'Undangan Sosialisasi Tanda Tangan Elektronik';
const PASSPHRASE = 'rahasia-kadis-2026';

const story = useBrowserStory({ queue: 'naskah-web-tte', shotPrefix: 'tte-' });
const { signIn, shot, pageErrors } = story;
let api: TestApi;
let origin: string;
let org: SeededOrganization;
beforeAll(() => {
  ({ api, origin, org } = story);
});

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
