import { Locator, Page } from 'playwright-core';
import { SeededOrganization } from '@naskah/seed';
import { TEST_TTE_PASSPHRASE, TestApi } from '../support/api';
import { PHONE, count, hasText, lacksText, useBrowserStory, visible } from '../support/web-story';

/**
 * What reviewers do besides paraf, in a real headless Chromium (DESIGN §3-§4): paraf koordinasi
 * by the heads of two other Bidang in parallel, a coordinator correcting the text herself
 * (mengoreksi: a new version under her name), and the Kepala Dinas returning the draft to a chosen
 * official on the route. Screenshots at desktop and phone width go to test/artifacts/web.
 */

const SUBJECT = 'Penetapan Tim Pembina Koperasi Simpan Pinjam Tahun 2026';
const BODY = 'Menetapkan tim pembina koperasi simpan pinjam sebagaimana tercantum dalam lampiran keputusan ini.';
const CORRECTION = ' Tim juga menangani pengaduan dan perlindungan anggota koperasi.';
const NOTE = 'Mohon periksa kembali rumusan perlindungan anggota sebelum saya tandatangani.';
const KABID_ISP = 'Kepala Bidang Izin Usaha Simpan Pinjam/Koperasi Simpan Pinjam, Pengawasan dan Pemeriksaan';
const KABID_PKSP = 'Kepala Bidang Penilaian Kesehatan Simpan Pinjam/Koperasi Simpan Pinjam';
const KABID_PPK = 'Kepala Bidang Pemberdayaan dan Perlindungan Koperasi';
const KADIS = 'Kepala Dinas Koperasi dan Usaha Mikro';

const story = useBrowserStory({ queue: 'naskah-web-review', shotPrefix: 'review-' });
const { signIn, shot, pageErrors } = story;
let api: TestApi;
let origin: string;
let org: SeededOrganization;
beforeAll(() => {
  ({ api, origin, org } = story);
});

const notice = (page: Page) => page.locator('p.notice');

async function openFromInbox(page: Page, subject: string): Promise<void> {
  await page.goto(`${origin}/kotak/action`);
  await page.getByRole('link', { name: subject, exact: true }).click();
  await visible(page.getByRole('heading', { level: 1, name: subject }));
}

const confirm = (page: Page, action: string) => page.getByRole('button', { name: `Konfirmasi: ${action}` }).click();

async function paraf(page: Page, version: number): Promise<void> {
  await page.getByRole('button', { name: 'Paraf', exact: true }).click();
  await visible(page.getByText(`Anda menyetujui versi ${version} naskah ini.`));
  await confirm(page, 'Paraf');
  await hasText(notice(page), 'Paraf diberikan.');
}

/** The clerk's compose form for a Surat Keputusan, up to the paraf koordinasi picker. */
async function composeDecree(clerk: Page, subject: string): Promise<Locator> {
  await clerk.getByRole('link', { name: 'Buat naskah' }).click();
  await clerk.getByLabel('Jenis naskah').selectOption({ label: 'Surat Keputusan' });
  await clerk.getByLabel('Kode klasifikasi arsip').selectOption('000.8.3.3');
  await clerk.getByLabel('Hal').fill(subject);
  await clerk.getByRole('textbox', { name: 'Isi naskah' }).click();
  await clerk.keyboard.type(BODY);
  await clerk
    .getByRole('group', { name: 'Penerima di lingkungan dinas' })
    .getByLabel(/Bidang Pemberdayaan dan Perlindungan Koperasi/)
    .check();
  const picker = clerk.getByRole('group', { name: /^Paraf koordinasi/ });
  await hasText(picker, 'Paraf koordinasi (wajib)');
  await hasText(
    picker,
    'Surat Keputusan wajib diparaf koordinasi oleh pimpinan unit lain yang terkait (Permendagri 1/2023 tentang Tata Naskah Dinas',
  );
  return picker;
}

describe('reviewers in the web inbox: paraf koordinasi, correction, return to a chosen official', () => {
  afterEach(() => expect(pageErrors).toEqual([]));

  it('a Surat Keputusan without paraf koordinasi: marked wajib when composed, refused at submission with its source', async () => {
    const clerk = await signIn('ISP-ADM');
    const picker = await composeDecree(clerk, 'Penetapan Kelompok Kerja Pengawasan Koperasi');
    // Heads of other units only: not the drafter's own Kepala Bidang, not the Kepala Dinas who signs.
    await visible(picker.getByLabel(KABID_PKSP));
    await visible(picker.getByLabel(KABID_PPK));
    await count(picker.getByLabel(KABID_ISP), 0);
    await count(picker.getByLabel(KADIS), 0);
    await shot(clerk, 'compose-decree-wajib');
    await clerk.getByRole('button', { name: 'Simpan konsep' }).click();
    await visible(clerk.getByRole('heading', { name: 'Rute yang diusulkan' }));
    await hasText(clerk.locator('.actions'), 'Surat Keputusan wajib diparaf koordinasi');
    await clerk.getByRole('button', { name: 'Ajukan', exact: true }).click();
    const refusal = clerk.locator('.actions').getByRole('alert');
    await hasText(refusal, 'Surat Keputusan wajib diparaf koordinasi oleh pimpinan unit lain yang terkait');
    await hasText(refusal, 'ketentuan paraf koordinasi');
    await hasText(refusal, 'Isian: Paraf koordinasi');
    await shot(clerk, 'submit-refused-no-koordinasi');
    await clerk.context().close();
  }, 120_000);

  it('two Kepala Bidang initial in parallel, one corrects the text, the Kepala Dinas returns it to a chosen official, then signs', async () => {
    // The clerk of Bidang ISP drafts a Surat Keputusan and asks two other Kepala Bidang for paraf koordinasi.
    const clerk = await signIn('ISP-ADM');
    const picker = await composeDecree(clerk, SUBJECT);
    await picker.getByLabel(KABID_PKSP).check();
    await picker.getByLabel(KABID_PPK).check();
    await shot(clerk, 'compose-koordinasi');
    await clerk.getByRole('button', { name: 'Simpan konsep' }).click();
    await visible(clerk.getByRole('heading', { name: 'Rute yang diusulkan' }));
    const route = clerk.locator('.timeline').first();
    const group = route.locator('.parallel');
    await hasText(group, 'Paraf koordinasi (paralel)');
    await count(group.locator('.step'), 2);
    await hasText(group, KABID_PKSP);
    await hasText(group, KABID_PPK);
    await hasText(route.locator(':scope > li').first(), `Paraf · ${KABID_ISP}`);
    await hasText(route.locator(':scope > li').last(), `Tanda tangan · ${KADIS}`);
    await shot(clerk, 'draft-route-koordinasi');
    await clerk.getByRole('button', { name: 'Ajukan', exact: true }).click();
    await hasText(notice(clerk), 'Naskah diajukan');

    // The Kepala Bidang ISP initials (from a phone); both coordinators are now waited for.
    const kabidIsp = await signIn('KABID-ISP', PHONE);
    await openFromInbox(kabidIsp, SUBJECT);
    await paraf(kabidIsp, 1);
    await hasText(notice(kabidIsp), `Menunggu: ${KABID_PKSP}, ${KABID_PPK}.`);

    // Both coordinators find it in their inbox at the same time.
    const pksp = await signIn('KABID-PKSP');
    const ppk = await signIn('KABID-PPK', PHONE);
    for (const page of [pksp, ppk]) await visible(page.getByRole('link', { name: SUBJECT, exact: true }));
    await shot(pksp, 'coordinator-inbox');
    await openFromInbox(pksp, SUBJECT);
    await hasText(pksp.locator('.timeline .parallel'), 'Sedang di sini');
    await count(pksp.locator('.timeline .parallel .state-pending'), 2);
    await shot(pksp, 'koordinasi-parallel');

    // The Kepala Bidang PPK corrects the text herself: the editor opens on the current version.
    await openFromInbox(ppk, SUBJECT);
    await ppk.getByRole('button', { name: 'Koreksi', exact: true }).click();
    await visible(ppk.getByRole('heading', { level: 1, name: 'Koreksi naskah (versi 2)' }));
    expect(await ppk.getByLabel('Hal').inputValue()).toBe(SUBJECT);
    await hasText(ppk.getByRole('textbox', { name: 'Isi naskah' }), BODY);
    await hasText(ppk.getByTestId('correct-note'), 'versi baru atas nama Anda');
    await ppk.getByRole('textbox', { name: 'Isi naskah' }).click();
    await ppk.keyboard.press('Control+End');
    await ppk.keyboard.type(CORRECTION);
    await shot(ppk, 'correct');
    await ppk.getByRole('button', { name: 'Simpan koreksi' }).click();
    await hasText(notice(ppk), 'Koreksi disimpan sebagai versi 2 atas nama Anda.');
    await hasText(ppk.getByTestId('correction-note'), 'Versi 2 adalah koreksi oleh');
    await hasText(ppk.getByTestId('correction-note'), 'Sri Wahyuni');
    await hasText(ppk.locator('.letter .body'), CORRECTION.trim());
    const ppkRoute = ppk.locator('.timeline').first();
    await hasText(ppkRoute.locator('.step', { hasText: KABID_PPK }), 'Mengoreksi: versi 2');
    // A coordinator is no superior of the drafting unit's head: the corrected text goes back to him first.
    await hasText(ppkRoute.locator('.step', { hasText: KABID_ISP }), 'Sedang di sini');
    await count(ppk.getByRole('button', { name: 'Koreksi', exact: true }), 0);
    await shot(ppk, 'corrected');

    // The clerk sees the new version, marked as the coordinator's, and what changed.
    await clerk.reload();
    await hasText(clerk.getByTestId('correction-note'), 'Sri Wahyuni');
    await hasText(clerk.locator('.badges .meta'), 'Versi 2 (koreksi');
    await clerk.getByRole('link', { name: 'Lihat perubahan dari versi 1' }).click();
    await hasText(clerk.locator('.versions .diff ins').last(), 'perlindungan anggota koperasi');
    await shot(clerk, 'drafter-sees-correction');

    // The Kepala Bidang ISP initials the corrected version, then the other coordinator.
    await openFromInbox(kabidIsp, SUBJECT);
    await paraf(kabidIsp, 2);
    await hasText(notice(kabidIsp), `Menunggu: ${KABID_PKSP}.`);
    await openFromInbox(pksp, SUBJECT);
    await paraf(pksp, 2);
    await hasText(notice(pksp), `Menunggu: ${KADIS}.`);

    // The Kepala Dinas returns it with a note to the Kepala Bidang ISP, chosen among those who initialled this round.
    const kadis = await signIn('KADIS');
    await openFromInbox(kadis, SUBJECT);
    await kadis.getByRole('button', { name: 'Kembalikan untuk perbaikan' }).click();
    const to = kadis.getByRole('group', { name: 'Kembalikan kepada' });
    expect(await to.getByRole('radio', { name: /^Penyusun:/ }).isChecked()).toBe(true);
    await visible(to.getByRole('radio', { name: new RegExp(`^${KABID_PKSP}`) }));
    await visible(to.getByRole('radio', { name: new RegExp(`^${KABID_PPK}`) }));
    const target = to.getByRole('radio', { name: new RegExp(`^${KABID_ISP.replace(/[/]/g, '\\/')} · .*Zulkifli`) });
    await target.check();
    await kadis.getByLabel('Catatan perbaikan (wajib)').fill(NOTE);
    await shot(kadis, 'return-to-official');
    await confirm(kadis, 'Kembalikan untuk perbaikan');
    await hasText(notice(kadis), `(${KABID_ISP}) dengan catatan.`);
    await count(kadis.getByRole('button', { name: 'Tandatangani' }), 0);

    // The chosen official reads the note and initials again; the coordinators after him initial again too.
    await kabidIsp.goto(`${origin}/kotak/action`);
    await kabidIsp.getByRole('link', { name: SUBJECT, exact: true }).click();
    await hasText(kabidIsp.getByTestId('return-note'), NOTE);
    await hasText(kabidIsp.getByTestId('return-note'), `kepada ${KABID_ISP}`);
    await shot(kabidIsp, 'returned-to-official');
    await paraf(kabidIsp, 2);
    await hasText(notice(kabidIsp), `Menunggu: ${KABID_PKSP}, ${KABID_PPK}.`);
    for (const page of [pksp, ppk]) {
      await openFromInbox(page, SUBJECT);
      await paraf(page, 2);
    }
    await hasText(notice(ppk), `Menunggu: ${KADIS}.`);

    // The Kepala Dinas signs with his own TTE (activated through the API with the test passphrase); the clerk sees the signed decree with its number.
    await api.login(org.officials.KADIS.nip);
    await openFromInbox(kadis, SUBJECT);
    await lacksText(kadis.locator('main'), 'Dikembalikan oleh');
    await kadis.getByRole('button', { name: 'Tandatangani' }).click();
    const dialog = kadis.getByRole('dialog', { name: 'Tandatangani secara elektronik' });
    await dialog.getByLabel('Passphrase TTE').fill(TEST_TTE_PASSPHRASE);
    await dialog.getByRole('button', { name: 'Tandatangani sekarang' }).click();
    await hasText(notice(kadis), 'Naskah ditandatangani.');

    await clerk.goto(`${origin}/kotak/finished`);
    await clerk.getByRole('link', { name: SUBJECT, exact: true }).click();
    await visible(clerk.getByRole('heading', { name: 'Naskah telah ditandatangani' }));
    await hasText(clerk.getByTestId('letter-number'), new RegExp(`TAHUN ${new Date().getFullYear()}`));
    await hasText(clerk.locator('.letter .body'), CORRECTION.trim());
    await visible(clerk.getByRole('link', { name: 'Unduh PDF bertanda tangan' }), 30_000);
    await shot(clerk, 'decree-signed');
    for (const page of [clerk, kabidIsp, pksp, ppk, kadis]) await page.context().close();
  }, 300_000);
});
