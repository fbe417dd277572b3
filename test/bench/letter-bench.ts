import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalCaSigningProvider, LocalCertificateAuthority, renderLetter, Signer, startTimestampAuthority } from '@naskah/letter';
import { readOrganizationFile } from '@naskah/org-files';

const PASSPHRASE = 'passphrase-bench';

/**
 * npm run bench:letter -- --n=100: per letter, the render, then the official's personal signature
 * with the local CA (unlocking the passphrase-encrypted key, PAdES B-B, and B-T with an RFC 3161
 * time-stamp from the local TSA over loopback). No database, no Temporal. The key unlock is also
 * timed alone: its PBKDF2 is the key's protection, part of every signature and not a cost to cut.
 */
async function main(): Promise<void> {
  const n = Number(process.argv.find((a) => a.startsWith('--n='))?.split('=')[1] ?? 100);
  const org = readOrganizationFile('batam-dkum.yaml');
  const dataDir = mkdtempSync(join(tmpdir(), 'naskah-letter-bench-'));
  const ca = LocalCertificateAuthority.open(join(dataDir, 'ca'), 'naskah CA Lokal (bench)');
  const tsa = await startTimestampAuthority({ ca });
  const bb = new LocalCaSigningProvider({ ca });
  const bt = new LocalCaSigningProvider({ ca, tsaUrl: tsa.url, crlUrl: tsa.crlUrl });
  const base: Signer = {
    officialId: 'bench',
    name: 'Dra. Nurhayati Siregar, M.M.',
    nip: '197511202000032002',
    nik: null,
    organizationName: org.name,
    credential: null,
  };
  const { credential } = await bt.enrol(base, PASSPHRASE);
  const signer = { ...base, credential };
  const request = (pdf: Buffer) => ({ pdf, signer, passphrase: PASSPHRASE, reason: 'bench', location: 'Batam', contactInfo: 'dkum@batam.go.id' });
  const body = Array.from(
    { length: 6 },
    (_, i) =>
      `<p>Paragraf ${i + 1}: dengan hormat, bersama ini kami sampaikan bahwa dalam rangka pembinaan koperasi simpan pinjam di wilayah Kota Batam akan dilaksanakan rapat evaluasi.</p>`,
  ).join('');
  const times = { render: [] as number[], unlock: [] as number[], bb: [] as number[], bt: [] as number[], total: [] as number[] };
  let bytes = 0;
  let cpu = process.cpuUsage();
  for (let i = 0; i < n + 5; i++) {
    if (i === 5) cpu = process.cpuUsage();
    const t = performance.now();
    const pdf = await renderLetter({
      letterhead: org.letterhead,
      city: org.city,
      kindName: 'Surat Dinas',
      layout: 'surat',
      number: `000.8.3.3/${String(i + 1).padStart(4, '0')}/DKUM/2026`,
      date: new Date(),
      classification: 'biasa',
      urgency: 'segera',
      attachments: 0,
      subject: 'Undangan Rapat Evaluasi Koperasi Simpan Pinjam',
      recipients: ['Kepala Bidang Izin Usaha Simpan Pinjam', 'Kepala Dinas Perindustrian dan Perdagangan Kota Batam'],
      bodyHtml: body,
      signatureBlock: [
        'a.n. KEPALA DINAS KOPERASI DAN USAHA MIKRO',
        'SEKRETARIS,',
        '(TTE)',
        'Dra. Nurhayati Siregar, M.M.',
        'Pembina Tingkat I (IV/b)',
        'NIP. 19751120 200003 2 002',
      ],
      tembusan: ['Wali Kota Batam', 'Sekretaris Daerah Kota Batam'],
      verificationUrl: 'https://naskah.example.go.id/api/v1/verify/ABCDEFGHJKLMNPQR',
    });
    const rendered = performance.now();
    await bb.sign(request(pdf));
    const signedBb = performance.now();
    const signed = await bt.sign(request(pdf));
    const signedBt = performance.now();
    bytes = signed.pdf.length;
    const unlockStart = performance.now();
    LocalCertificateAuthority.unlock(credential!.encryptedKeyPem!, PASSPHRASE);
    const unlocked = performance.now();
    if (i >= 5) {
      // the first five warm the JIT
      times.render.push(rendered - t);
      times.unlock.push(unlocked - unlockStart);
      times.bb.push(signedBb - rendered);
      times.bt.push(signedBt - signedBb);
      times.total.push(rendered - t + (signedBt - signedBb));
    }
  }
  const used = process.cpuUsage(cpu);
  const at = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))].toFixed(1);
  const line = (label: string, xs: number[]) =>
    `  ${label.padEnd(40)} p50 ${at(xs, 0.5).padStart(6)} ms   p95 ${at(xs, 0.95).padStart(6)} ms   max ${at(xs, 1).padStart(6)} ms\n`;
  process.stdout.write(
    `${n} letters (${bytes} bytes each, signed B-T), one at a time after 5 warm-up letters; wall-clock per step.\n` +
      `The sign steps include the certificate check, the key unlock and the PDF placeholder; B-T also the TSA's\n` +
      `work, which runs in this process (HTTP over loopback), as a remote TSA's would not.\n` +
      line('render', times.render) +
      line('key unlock alone (PBKDF2, in each sign)', times.unlock) +
      line('sign, PAdES B-B (unlock + CMS)', times.bb) +
      line('sign, PAdES B-T (+ RFC 3161 TSA)', times.bt) +
      line('render + sign B-T', times.total) +
      `  CPU time of this process per letter (render, B-B, B-T with the TSA, unlock): ${((used.user + used.system) / 1000 / n).toFixed(1)} ms\n`,
  );
  await tsa.close();
  rmSync(dataDir, { recursive: true, force: true });
}

void main();
