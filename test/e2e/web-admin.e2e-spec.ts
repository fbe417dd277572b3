import { readFile } from 'node:fs/promises';
import { Page } from 'playwright-core';
import { SeededOrganization } from '@naskah/seed';
import { expectStatus, TestApi } from '../support/api';
import { randomNip } from '../support/fixtures';
import { count, hasText, lacksText, PHONE, useBrowserStory, visible } from '../support/web-story';

/**
 * The office's administrator in a real headless Chromium (issue 15): the UMPEG-ARSIP holder of a
 * Batam test office (its administrator, and the city's) opens Administrasi, adds a position to a
 * unit, adds an official (his temporary password shown once), appoints him Plh. of the Kepala
 * Dinas with a decree and a period and sees him marked Plh. on the structure, imports a CSV list
 * whose bad row is refused with its line and reason, sets who signs a kind, downloads the
 * organisation file, and reads every change in the trail. A clerk sees no Administrasi and is
 * refused at /admin. Every screen passes axe's WCAG 2 AA rules at desktop and phone width.
 */

const story = useBrowserStory({ queue: 'naskah-web-admin', shotPrefix: 'admin-' });
const { signIn, shot, pageErrors } = story;
let api: TestApi;
let origin: string;
let org: SeededOrganization;
beforeAll(() => {
  ({ api, origin, org } = story);
});

const NEW_POSITION = { code: 'UMPEG-PRANATA', title: 'Pranata Kearsipan' };
const NEW_OFFICIAL = { nip: randomNip(), name: 'Budi Santoso', gelarBelakang: 'S.E.', rank: 'Penata (III/c)' };
const DECREE = '800.1.3.3/077/DKUM/2026';

const notice = (page: Page) => page.locator('p.notice');
const adminMenu = (page: Page) => page.getByRole('navigation', { name: 'Menu administrasi' });
const mainMenu = (page: Page) => page.getByRole('navigation', { name: 'Menu utama' });
const open = async (page: Page, section: string, heading: string) => {
  await adminMenu(page).getByRole('link', { name: section, exact: true }).click();
  await visible(page.getByRole('heading', { level: 1, name: heading }));
};
/** `YYYY-MM-DD` in Jakarta, `days` from today. */
const day = (days = 0) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(new Date(Date.now() + days * 86_400_000));

describe('the administrator’s pages', () => {
  afterEach(() => expect(pageErrors).toEqual([]));

  it('an administrator changes the chart, the officials, an assignment and the authority table, exports the office, and reads the trail', async () => {
    const admin = await signIn('UMPEG-ARSIP');

    // Administrasi opens the administrator's own office; as the city's administrator he also sees the city's offices.
    await mainMenu(admin).getByRole('link', { name: 'Administrasi' }).click();
    await admin.waitForURL(`${origin}/admin/${org.id}`);
    await visible(admin.getByRole('heading', { level: 1, name: 'Organisasi' }));
    expect(await admin.getByLabel('Nama organisasi').inputValue()).toBe('Dinas Koperasi dan Usaha Mikro');
    expect(await admin.getByLabel('Templat nomor naskah').inputValue()).toBe('{kode}/{nomor}/{unit}/{tahun}');
    await visible(admin.getByRole('heading', { name: 'Organisasi di Kota Batam' }));
    await visible(admin.getByRole('button', { name: 'Buat organisasi' }));
    await shot(admin, 'organization');

    // As the city's administrator he brings in a new office (top unit and its head), then goes back to his own.
    const code = `BTM-UJI${Date.now().toString(36).toUpperCase()}`;
    await admin.getByRole('button', { name: 'Buat organisasi' }).click();
    const create = admin.getByRole('form', { name: 'Buat organisasi' });
    await create.getByLabel('Kode organisasi').fill(code);
    await create.getByLabel('Nama organisasi').fill('Dinas Perindustrian dan Perdagangan');
    await create.getByLabel('Peraturan pembentukan').fill('Peraturan Wali Kota Batam Nomor 15 Tahun 2023');
    await create.getByLabel('Kutipan peraturan').fill('Perwako Batam 15/2023');
    await create.getByLabel('Pemerintah daerah').fill('PEMERINTAH KOTA BATAM');
    await create.getByLabel('Perangkat daerah').fill('DINAS PERINDUSTRIAN DAN PERDAGANGAN');
    await create.getByLabel('Alamat').fill('Jalan Engku Putri No. 1, Batam Centre, Batam 29461');
    await create.getByLabel('Kode unit').fill('DISPERINDAG');
    await create.getByLabel('Pasal pembentukan unit').fill('Pasal 2 ayat (2); Pasal 3 ayat (1)');
    await create.getByLabel('Nama jabatan pimpinan').fill('Kepala Dinas Perindustrian dan Perdagangan');
    await create.getByRole('button', { name: 'Buat organisasi' }).click();
    await hasText(create.getByRole('alert'), 'Pimpinan unit puncak, Pasal kewenangan: wajib diisi');
    expect(await create.getByLabel('Pasal kewenangan pimpinan').getAttribute('aria-invalid')).toBe('true');
    await create.getByLabel('Pasal kewenangan pimpinan').fill('Pasal 3 ayat (4) huruf j');
    await create.getByRole('button', { name: 'Buat organisasi' }).click();
    await hasText(notice(admin), `Organisasi Dinas Perindustrian dan Perdagangan (${code}) dibuat.`);
    await hasText(admin.locator('.crumbs'), code);
    expect(await admin.getByLabel('Nama organisasi').inputValue()).toBe('Dinas Perindustrian dan Perdagangan');
    const chooser = admin.getByLabel('Organisasi yang dikelola');
    await chooser.selectOption(org.id);
    await admin.waitForURL(`${origin}/admin/${org.id}`);
    await hasText(admin.locator('.crumbs'), org.code);

    // Struktur: the tree with each authority's Pasal and today's holders; a position added to the Sub Bagian Umum dan Kepegawaian.
    await open(admin, 'Struktur', 'Struktur organisasi');
    const kadis = admin.getByTestId('position-KADIS');
    await hasText(kadis, 'Menandatangani');
    await hasText(kadis, 'Perwako Batam 14/2023 Pasal 3 ayat (4) huruf j');
    await hasText(kadis.getByTestId('holders'), 'H. Rahmat Hidayat, S.E., M.Si.');
    await admin.getByRole('button', { name: 'Tambah jabatan di Sub Bagian Umum dan Kepegawaian' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Tambah jabatan di Sub Bagian Umum dan Kepegawaian' });
    await visible(dialog);
    // Authority without its Pasal: refused next to the field before anything is sent.
    await dialog.getByLabel('Kode jabatan').fill(NEW_POSITION.code);
    await dialog.getByLabel('Nama jabatan').fill(NEW_POSITION.title);
    await dialog.getByLabel('Jenjang').selectOption('4');
    await dialog.getByLabel('Memaraf').check();
    await dialog.getByRole('button', { name: 'Tambah jabatan' }).click();
    await hasText(dialog.getByRole('alert'), 'Pasal kewenangan: sebutkan Pasal yang memberikan kewenangan itu');
    expect(await dialog.getByLabel('Pasal kewenangan').getAttribute('aria-invalid')).toBe('true');
    await shot(admin, 'structure-position-form');
    await dialog.getByLabel('Memaraf').uncheck();
    await dialog.getByLabel('Pasal jabatan').fill('Pasal 16 ayat (1)');
    await dialog.getByRole('button', { name: 'Tambah jabatan' }).click();
    await hasText(notice(admin), `Jabatan ${NEW_POSITION.title} ditambahkan di Sub Bagian Umum dan Kepegawaian.`);
    await count(admin.getByRole('dialog'), 0);
    const added = admin.getByTestId(`position-${NEW_POSITION.code}`);
    await hasText(added, 'Lowong');
    await hasText(admin.getByTestId('unit-UMPEG'), NEW_POSITION.title);

    // A unit is added with its head (the head's authority cites its Pasal).
    await admin.getByRole('button', { name: 'Tambah unit di bawah Sekretariat' }).click();
    const unitDialog = admin.getByRole('dialog', { name: 'Tambah unit di bawah Sekretariat' });
    await unitDialog.getByLabel('Kode unit').fill('KEU');
    await unitDialog.getByLabel('Nama unit').fill('Sub Bagian Keuangan');
    await unitDialog.getByLabel('Jenis unit').selectOption('subbagian');
    await unitDialog.getByLabel('Pasal pembentukan').fill('Pasal 4 ayat (5) huruf c');
    await unitDialog.getByLabel('Kode jabatan').fill('KASUBBAG-KEU');
    await unitDialog.getByLabel('Nama jabatan').fill('Kepala Sub Bagian Keuangan');
    await unitDialog.getByLabel('Jenjang').selectOption('3');
    for (const flag of ['Memeriksa', 'Mengembalikan/mengoreksi', 'Memaraf']) await unitDialog.getByLabel(flag).check();
    await unitDialog.getByLabel('Pasal kewenangan').fill('Pasal 4 ayat (5) huruf c');
    await unitDialog.getByRole('button', { name: 'Tambah unit' }).click();
    await hasText(notice(admin), 'Unit Sub Bagian Keuangan ditambahkan.');
    const keu = admin.getByTestId('unit-KEU');
    await hasText(keu.getByTestId('position-KASUBBAG-KEU'), 'Pimpinan unit');
    await hasText(keu.getByTestId('position-KASUBBAG-KEU'), 'Perwako Batam 14/2023 Pasal 4 ayat (5) huruf c');
    await hasText(keu.getByTestId('position-KASUBBAG-KEU'), 'Lowong');

    // The Kepala Dinas signs the office's letters: taking his signature away is refused with the rule.
    await admin.getByRole('button', { name: 'Ubah jabatan Kepala Dinas Koperasi dan Usaha Mikro' }).click();
    const kadisDialog = admin.getByRole('dialog', { name: 'Ubah jabatan Kepala Dinas Koperasi dan Usaha Mikro' });
    await kadisDialog.getByLabel('Menandatangani').uncheck();
    await kadisDialog.getByRole('button', { name: 'Simpan jabatan' }).click();
    await hasText(kadisDialog.getByRole('alert'), 'masih penandatangan');
    await hasText(kadisDialog.getByRole('alert'), '(Perwako Batam 14/2023 Pasal 3 ayat (4) huruf j)');
    await kadisDialog.getByRole('button', { name: 'Batal' }).click();
    await count(admin.getByRole('dialog'), 0);
    await hasText(kadis, 'Menandatangani');
    await shot(admin, 'structure');

    // Pegawai: a new official; his temporary password is shown once.
    await open(admin, 'Pegawai', 'Pegawai');
    await admin.getByRole('button', { name: 'Tambah pegawai' }).click();
    const add = admin.getByRole('dialog', { name: 'Tambah pegawai' });
    await add.getByLabel('NIP').fill('12345');
    await add.getByLabel('Nama (tanpa gelar)').fill(NEW_OFFICIAL.name);
    await add.getByLabel('Gelar belakang').fill(NEW_OFFICIAL.gelarBelakang);
    await add.getByLabel('Pangkat/golongan').fill(NEW_OFFICIAL.rank);
    await add.getByRole('button', { name: 'Tambah pegawai' }).click();
    await hasText(add.getByRole('alert'), 'NIP: NIP terdiri atas 18 angka');
    await add.getByLabel('NIP').fill(NEW_OFFICIAL.nip);
    await add.getByRole('button', { name: 'Tambah pegawai' }).click();
    const secret = admin.getByTestId('temporary-password');
    await hasText(secret, `${NEW_OFFICIAL.name} (NIP ${NEW_OFFICIAL.nip})`);
    await hasText(secret, 'sekali ini saja');
    const password = (await secret.locator('code').innerText()).trim();
    expect(password.length).toBeGreaterThanOrEqual(8);
    await visible(admin.getByTestId(`official-${NEW_OFFICIAL.nip}`));
    await shot(admin, 'officials-created');
    // The password works once, for him.
    expectStatus(await api.http.post('/api/v1/auth/login').send({ nip: NEW_OFFICIAL.nip, password }), 200);
    await admin.getByRole('button', { name: 'Sudah dicatat, tutup' }).click();
    await count(secret, 0);

    // He signs in with it on his phone and is taken to choose his own password before anything else.
    const phone = await story.browser.newContext({ viewport: PHONE, locale: 'id-ID', timezoneId: 'Asia/Jakarta' });
    const newcomer = await phone.newPage();
    newcomer.on('pageerror', (e) => pageErrors.push(`${newcomer.url()}: ${e.message}`));
    await newcomer.goto(`${origin}/`);
    await newcomer.waitForURL(/\/masuk$/);
    await newcomer.getByLabel('NIP').fill(NEW_OFFICIAL.nip);
    await newcomer.getByLabel('Kata sandi').fill(password);
    await newcomer.getByRole('button', { name: 'Masuk' }).click();
    await newcomer.waitForURL(/\/kata-sandi$/);
    await hasText(newcomer.getByRole('status'), 'kata sandi sementara dari administrator');
    // The inbox is not reachable until then.
    await newcomer.goto(`${origin}/kotak/action`);
    await newcomer.waitForURL(/\/kata-sandi$/);
    await newcomer.getByLabel('Kata sandi sementara').fill(password);
    await newcomer.getByLabel('Kata sandi baru', { exact: true }).fill('pendek');
    await newcomer.getByLabel('Ulangi kata sandi baru').fill('pendek');
    await newcomer.getByRole('button', { name: 'Simpan kata sandi' }).click();
    await hasText(newcomer.getByRole('alert'), 'paling sedikit 10 karakter');
    await shot(newcomer, 'password-change');
    await newcomer.getByLabel('Kata sandi baru', { exact: true }).fill('Kopi-Tubruk-2026');
    await newcomer.getByLabel('Ulangi kata sandi baru').fill('Kopi-Tubruk-2026');
    await newcomer.getByRole('button', { name: 'Simpan kata sandi' }).click();
    await newcomer.waitForURL(/\/kotak\/action$/);
    await hasText(newcomer.getByTestId('official-name'), NEW_OFFICIAL.name);
    // The temporary password is spent: only his own opens the door now.
    expectStatus(await api.http.post('/api/v1/auth/login').send({ nip: NEW_OFFICIAL.nip, password }), 401);
    expectStatus(await api.http.post('/api/v1/auth/login').send({ nip: NEW_OFFICIAL.nip, password: 'Kopi-Tubruk-2026' }), 200);
    await phone.close();

    // CSV import: checked first (nothing saved), the bad row named with its line, NIP and reason; then the good row imported.
    const goodNip = randomNip();
    const badNip = randomNip();
    const csv = [
      'nip,nama,gelar_depan,gelar_belakang,pangkat_golongan,jabatan,email,sk',
      `${goodNip},Citra Dewi,,S.Kom.,Penata Muda (III/a),,,`,
      `${badNip},Dedi Kurniawan,,,Pengatur (II/c),JABATAN-TIDAK-ADA,,SK 9/2026`,
    ].join('\n');
    await admin.getByLabel('Berkas CSV').setInputFiles({ name: 'pegawai.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await expectDisabled(admin, 'Impor');
    await admin.getByRole('button', { name: 'Periksa berkas' }).click();
    const report = admin.getByTestId('import-report');
    await hasText(report, 'Hasil pemeriksaan (belum diimpor)');
    await hasText(report, '1 baris ditolak');
    const refused = report.getByTestId('refused-row');
    await count(refused, 1);
    await hasText(refused.locator('td').nth(0), '3');
    await hasText(refused.locator('td').nth(1), badNip);
    await hasText(refused.locator('td').nth(2), 'jabatan');
    await count(admin.getByTestId(`official-${goodNip}`), 0);
    await shot(admin, 'officials-import-check');
    await admin.getByRole('button', { name: 'Impor', exact: true }).click();
    await hasText(report, 'Hasil impor');
    await hasText(report, '1 pegawai baru');
    await hasText(report, '1 baris ditolak');
    await visible(admin.getByTestId(`official-${goodNip}`));
    await count(admin.getByTestId(`official-${badNip}`), 0);

    // An imported official has no password yet: the administrator resets it, and hands over the one shown.
    await admin.getByRole('button', { name: 'Atur ulang kata sandi Citra Dewi' }).click();
    const reset = admin.getByRole('dialog', { name: 'Atur ulang kata sandi: Citra Dewi' });
    await reset.getByLabel('Alasan').fill('Pegawai baru dari impor CSV');
    await reset.getByRole('button', { name: 'Atur ulang kata sandi' }).click();
    await hasText(admin.getByTestId('temporary-password'), `Citra Dewi (NIP ${goodNip})`);
    const citraPassword = (await admin.getByTestId('temporary-password').locator('code').innerText()).trim();
    expectStatus(await api.http.post('/api/v1/auth/login').send({ nip: goodNip, password: citraPassword }), 200);
    await admin.getByRole('button', { name: 'Sudah dicatat, tutup' }).click();

    // Penugasan: he stands in for the Kepala Dinas (Plh.) under a decree, for five days.
    await open(admin, 'Penugasan', 'Penugasan');
    await visible(admin.getByRole('heading', { name: 'Langkah tertahan' }));
    const assign = admin.getByRole('form', { name: 'Penugasan baru' });
    const him = assign.getByLabel('Pegawai').locator('option', { hasText: NEW_OFFICIAL.nip });
    await assign.getByLabel('Pegawai').selectOption((await him.getAttribute('value'))!);
    await assign.getByLabel('Jabatan', { exact: true }).selectOption(org.positions.KADIS);
    await assign.getByLabel('Jenis penugasan').selectOption('plh');
    await hasText(assign.getByTestId('acting-rule'), 'UU 30/2014 Pasal 14 ayat (7)');
    await assign.getByLabel('Nomor SK / Surat Perintah').fill(DECREE);
    await assign.getByLabel('Mulai').fill(day(0));
    await assign.getByLabel('Sampai').fill(day(5));
    await assign.getByRole('button', { name: 'Tugaskan' }).click();
    await hasText(notice(admin), `${NEW_OFFICIAL.name} ditugaskan sebagai Plh. Kepala Dinas Koperasi dan Usaha Mikro.`);
    await admin.getByLabel('Tampilkan jabatan').selectOption(org.positions.KADIS);
    const plh = admin.getByTestId('assignment').filter({ hasText: NEW_OFFICIAL.nip });
    await hasText(plh, 'Plh.');
    await hasText(plh, DECREE);
    await hasText(plh, 'Berlaku');
    await shot(admin, 'assignments');

    // On the structure he stands beside the Kepala Dinas, marked Plh.
    await open(admin, 'Struktur', 'Struktur organisasi');
    await hasText(kadis.getByTestId('holders'), `Plh. ${NEW_OFFICIAL.name}`);

    // Kewenangan tanda tangan: the Sekretaris may sign Surat Edaran as well; each row cites its source.
    await open(admin, 'Kewenangan tanda tangan', 'Kewenangan tanda tangan');
    await admin.getByRole('combobox', { name: 'Jenis naskah' }).selectOption('SURAT_EDARAN');
    await visible(admin.getByRole('heading', { name: 'Penanda tangan Surat Edaran' }));
    const sekretaris = admin.getByRole('checkbox', { name: 'Sekretaris', exact: true });
    await hasText(admin.locator('#signer-SEKRETARIS-hint'), 'Pasal 4 ayat (4) huruf cc');
    await sekretaris.check();
    await admin.getByRole('button', { name: 'Simpan penanda tangan' }).click();
    await hasText(notice(admin), 'Penanda tangan Surat Edaran:');
    await hasText(notice(admin), 'Sekretaris');
    await hasText(admin.getByTestId('authority-table').locator('li').filter({ hasText: 'Surat Edaran' }).first(), 'Sekretaris');
    // The Kasubbag Umum dan Kepegawaian does not sign (Pasal 5 ayat (3) huruf g, t): not offered.
    await count(admin.locator('#signer-KASUBBAG-UMPEG'), 0);
    await shot(admin, 'signing-authority');

    // Berkas organisasi: the whole office as one YAML file.
    await open(admin, 'Berkas organisasi', 'Berkas organisasi');
    const download = admin.waitForEvent('download');
    await admin.getByRole('button', { name: 'Unduh berkas organisasi' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.ya?ml$/);
    const yaml = await readFile((await file.path())!, 'utf8');
    expect(yaml).toContain(`code: ${org.code}`);
    expect(yaml).toContain(NEW_POSITION.code);
    expect(yaml).toContain(NEW_OFFICIAL.nip);
    await hasText(notice(admin), 'diunduh');
    // Checked again as it is: nothing would change.
    await admin
      .getByLabel('Berkas organisasi (YAML)')
      .setInputFiles({ name: file.suggestedFilename(), mimeType: 'application/yaml', buffer: Buffer.from(yaml) });
    await admin.getByRole('button', { name: 'Periksa berkas' }).click();
    await hasText(admin.getByTestId('file-report'), 'Hasil pemeriksaan (belum diimpor)');
    await hasText(admin.getByTestId('file-report'), 'Tidak ada perubahan');
    // A broken file: its errors named by line and field.
    const broken = yaml.replace(`code: ${org.code}`, `code: ${org.code}\nnumberTemplate: 12`);
    await admin
      .getByLabel('Berkas organisasi (YAML)')
      .setInputFiles({ name: 'rusak.yaml', mimeType: 'application/yaml', buffer: Buffer.from(broken) });
    await admin.getByRole('button', { name: 'Periksa berkas' }).click();
    await visible(admin.getByTestId('file-errors'));
    await shot(admin, 'organization-file');

    // Jejak audit: every change above, newest first, the chain intact.
    await open(admin, 'Jejak audit', 'Jejak audit');
    await hasText(admin.getByTestId('audit-intact'), 'Jejak utuh');
    const events = admin.getByTestId('audit-event');
    await hasText(events.filter({ hasText: 'Jabatan dibuat' }).first(), NEW_POSITION.code);
    await hasText(events.filter({ hasText: 'Unit dibuat' }).first(), 'KEU');
    await visible(events.filter({ hasText: 'Kata sandi diatur ulang' }).first());
    await hasText(events.filter({ hasText: 'Pegawai ditambahkan' }).first(), NEW_OFFICIAL.nip);
    await visible(events.filter({ hasText: 'Pegawai diimpor dari CSV' }).first());
    await visible(events.filter({ hasText: 'Penugasan dibuat' }).first());
    await hasText(events.filter({ hasText: 'Kewenangan tanda tangan diubah' }).first(), 'SURAT_EDARAN');
    await hasText(events.first(), 'Kewenangan tanda tangan diubah');
    await count(events.filter({ hasText: 'Organisasi dibuat' }), 0);
    await hasText(events.first(), 'Andi Saputra');
    await events.first().locator('summary', { hasText: 'Sebelum dan sesudah' }).click();
    await visible(events.first().locator('table.changes'));
    await lacksText(admin.locator('main'), 'Jejak rusak');
    await shot(admin, 'audit');
  });

  it('a clerk sees no Administrasi, and /admin tells him it is not for him', async () => {
    const clerk = await signIn('SEKRE-ADM');
    await count(mainMenu(clerk).getByRole('link', { name: 'Administrasi' }), 0);
    await clerk.goto(`${origin}/admin`);
    await hasText(clerk.getByTestId('admin-forbidden'), 'Anda tidak berhak membuka halaman administrasi.');
    await count(clerk.getByRole('navigation', { name: 'Menu administrasi' }), 0);
    await clerk.goto(`${origin}/admin/${org.id}/pegawai`);
    await hasText(clerk.getByTestId('admin-forbidden'), 'Anda tidak berhak membuka halaman administrasi.');
    await shot(clerk, 'not-allowed');
  });
});

async function expectDisabled(page: Page, name: string) {
  expect(await page.getByRole('button', { name, exact: true }).isDisabled()).toBe(true);
}
