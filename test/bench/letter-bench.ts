import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderLetter, signingIdentity, signPdf } from '@naskah/letter';
import { readOrganizationFile } from '@naskah/org-files';

/** npm run bench:letter -- --n=100: render-and-sign time per letter (no database, no Temporal). */
async function main(): Promise<void> {
  const n = Number(process.argv.find((a) => a.startsWith('--n='))?.split('=')[1] ?? 100);
  const org = readOrganizationFile('batam-dkum.yaml');
  const dataDir = mkdtempSync(join(tmpdir(), 'naskah-letter-bench-'));
  const identity = signingIdentity({ passphrase: 'bench', dataDir, organizationCode: org.code, organizationName: org.name, production: false });
  const body = Array.from(
    { length: 6 },
    (_, i) =>
      `<p>Paragraf ${i + 1}: dengan hormat, bersama ini kami sampaikan bahwa dalam rangka pembinaan koperasi simpan pinjam di wilayah Kota Batam akan dilaksanakan rapat evaluasi.</p>`,
  ).join('');
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < n + 5; i++) {
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
    const signed = await signPdf(pdf, identity, { reason: 'bench', name: 'Sekretaris', location: 'Batam', contactInfo: 'dkum@batam.go.id' });
    bytes = signed.length;
    if (i >= 5) times.push(performance.now() - t); // the first five warm the JIT
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(1);
  process.stdout.write(`render + PAdES sign, ${n} letters: median ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms, ${bytes} bytes each\n`);
  rmSync(dataDir, { recursive: true, force: true });
}

void main();
