import { createHash } from 'node:crypto';
import type { VerificationDto } from './verify.service';

const STYLE =
  'body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}h1.ok{color:#0a6b2d}h1.bad{color:#a40000}dt{font-weight:600;margin-top:.75rem}dd{margin:0}code{word-break:break-all}';
/** The page's one stylesheet, allowed by the Content-Security-Policy by its hash (no 'unsafe-inline'). */
export const VERIFICATION_PAGE_STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`;

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

// Built once: constructing an Intl formatter costs far more than formatting with it.
const WIB_LONG = new Intl.DateTimeFormat('id-ID', { dateStyle: 'long', timeStyle: 'long', timeZone: 'Asia/Jakarta' });
const when = (iso: string) => WIB_LONG.format(new Date(iso));

/** The signer's certificate and the time-stamp, as a verifier reads them; a sealed letter says whose seal it is. */
function signatureRows(v: VerificationDto): string {
  const s = v.signature;
  if (!s.certificate) return `<dt>Tanda tangan elektronik</dt><dd>Segel elektronik instansi (ditandatangani sebelum TTE pribadi)</dd>`;
  return `<dt>Sertifikat penanda tangan</dt><dd>${esc(s.certificate.subject)}</dd>
         <dt>Penerbit sertifikat</dt><dd>${esc(s.certificate.issuer)}</dd>
         <dt>Nomor seri sertifikat</dt><dd><code>${esc(s.certificate.serialNumber)}</code></dd>
         <dt>Masa berlaku sertifikat</dt><dd>${esc(when(s.certificate.notBefore))} s.d. ${esc(when(s.certificate.notAfter))}</dd>
         <dt>Penanda waktu (timestamp)</dt><dd>${s.timestampedAt ? esc(when(s.timestampedAt)) : 'tidak ada'}</dd>`;
}

/** The page a phone opens from the QR code. */
export function verificationPage(v: VerificationDto | null, message?: string, heading = 'Tidak dikenal'): string {
  const body = v
    ? `<h1 class="${v.authentic ? 'ok' : 'bad'}">${v.authentic ? 'Naskah asli' : 'Arsip naskah tidak utuh'}</h1>
       <dl>
         <dt>Nomor</dt><dd>${esc(v.number)}</dd>
         <dt>Tanggal</dt><dd>${esc(v.dateText)}</dd>
         <dt>Jenis</dt><dd>${esc(v.kind)}</dd>
         <dt>Hal</dt><dd>${esc(v.subject)}</dd>
         <dt>Instansi</dt><dd>${esc(v.organization)}</dd>
         <dt>Penanda tangan</dt><dd>${v.signatureBlock.map(esc).join('<br>')}</dd>
         <dt>Kapasitas</dt><dd>${esc(v.capacity)}</dd>
         ${signatureRows(v)}
         <dt>Sidik SHA-256</dt><dd><code>${esc(v.sha256 ?? '-')}</code></dd>
       </dl>`
    : `<h1 class="bad">${esc(heading)}</h1><p>${esc(message ?? '')}</p>`;
  return `<!doctype html><html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Verifikasi Naskah Dinas</title>
<style>${STYLE}</style>
</head><body><p>Verifikasi Naskah Dinas Elektronik</p>${body}</body></html>`;
}
