import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { AuditAnchor, auditAnchorKeyword } from './audit-anchor';
import { shareStandardFontMetrics } from './pdfkit-metrics';
import { renderBody } from './render-body';

export interface LetterData {
  letterhead: { government: string; office: string; address: string; phone?: string; email?: string; website?: string };
  city: string;
  kindName: string;
  layout: string;
  number: string;
  date: Date;
  classification: string;
  urgency: string;
  attachments: number;
  subject: string;
  recipients: string[];
  /** The canonical body (@naskah/content): printed from its content model, nothing else of the HTML. */
  bodyHtml: string;
  signatureBlock: string[];
  tembusan: string[];
  verificationUrl: string;
  /** The document's audit head at numbering: written into the Info dictionary's Keywords, so the signature seals it. */
  auditAnchor?: AuditAnchor;
  /**
   * Who issued the signing certificate, as the footer names it (e.g. "Balai Besar Sertifikasi
   * Elektronik (BSrE), BSSN"); absent for letters sealed with the organisation's key.
   */
  signatureIssuer?: string;
  /** The paraf that bind the signed version, in route order: hierarki and koordinasi (Tata Naskah Dinas). */
  paraf?: ParafRecord[];
}

export interface ParafRecord {
  kind: 'hierarki' | 'koordinasi';
  /** The post initialled for; with its marker when acted for (e.g. "a.n. Sekretaris"). */
  title: string;
  name: string;
  date: Date;
}

const LABEL: Record<string, string> = {
  biasa: 'Biasa',
  terbatas: 'Terbatas',
  rahasia: 'Rahasia',
  sangat_rahasia: 'Sangat Rahasia',
  segera: 'Segera',
  sangat_segera: 'Sangat Segera',
};

/** Built once: constructing an Intl formatter (locale data) costs far more than formatting with it. */
const TANGGAL = new Intl.DateTimeFormat('id-ID', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Asia/Jakarta' });

export function tanggal(d: Date): string {
  return TANGGAL.format(d);
}

/** The QR code's side on the page, in points, and its quiet zone, in modules. */
const QR_SIDE = 80;
const QR_MARGIN = 1;

/**
 * The QR code drawn as vector modules (one filled path, a rectangle per run of dark modules in a
 * row) on a white square: no PNG to encode and decode per letter, and sharp at any scale.
 */
function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number): void {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = modules.size;
  const unit = QR_SIDE / (n + 2 * QR_MARGIN);
  doc.save();
  doc.rect(x, y, QR_SIDE, QR_SIDE).fill('white');
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n;) {
      if (!modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < n && modules.get(row, col)) col++;
      doc.rect(x + (start + QR_MARGIN) * unit, y + (row + QR_MARGIN) * unit, (col - start) * unit, unit);
    }
  }
  doc.fill('black');
  doc.restore();
}

/** The letter as Tata Naskah Dinas lays it out on A4 (Permendagri 1/2023), with a QR to verify it. */
export async function renderLetter(l: LetterData): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 50, left: 70, right: 60, bottom: 60 },
    info: {
      Title: `${l.kindName} ${l.number}`,
      Subject: l.subject,
      Author: l.letterhead.office,
      Creator: 'naskah',
      ...(l.auditAnchor && { Keywords: auditAnchorKeyword(l.auditAnchor) }),
    },
  });
  shareStandardFontMetrics(doc);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const width = doc.page.width - 130;
  const left = 70;

  // Kop
  doc.font('Helvetica-Bold').fontSize(13).text(l.letterhead.government, { align: 'center' });
  doc.fontSize(15).text(l.letterhead.office, { align: 'center' });
  doc.font('Helvetica').fontSize(9).text(l.letterhead.address, { align: 'center' });
  const contact = [
    l.letterhead.phone && `Telepon ${l.letterhead.phone}`,
    l.letterhead.email && `Pos-el ${l.letterhead.email}`,
    l.letterhead.website && `Laman ${l.letterhead.website}`,
  ]
    .filter(Boolean)
    .join('  ');
  if (contact) doc.text(contact, { align: 'center' });
  const ruleY = doc.y + 4;
  doc
    .moveTo(left, ruleY)
    .lineTo(left + width, ruleY)
    .lineWidth(2)
    .stroke();
  doc
    .moveTo(left, ruleY + 3)
    .lineTo(left + width, ruleY + 3)
    .lineWidth(0.5)
    .stroke();
  doc.y = ruleY + 14;

  doc.fontSize(11);
  if (
    l.layout === 'keputusan' ||
    l.layout === 'nota-dinas' ||
    l.layout === 'surat-tugas' ||
    l.layout === 'surat-edaran' ||
    l.layout === 'laporan' ||
    l.layout === 'telaahan-staf'
  ) {
    doc.font('Helvetica-Bold').text(l.kindName.toUpperCase(), { align: 'center' });
    doc.font('Helvetica').text(l.layout === 'keputusan' ? l.number : `NOMOR ${l.number}`, { align: 'center' });
    doc.moveDown();
  } else {
    doc.text(`${l.city.replace(/^Kota /, '')}, ${tanggal(l.date)}`, { align: 'right' });
    doc.moveDown(0.5);
  }
  const row = (label: string, value: string) => {
    const y = doc.y;
    doc.text(label, left, y, { width: 70 });
    doc.text(':', left + 70, y, { width: 10 });
    doc.text(value, left + 82, y, { width: width - 82 });
  };
  if (l.layout === 'surat' || l.layout === 'surat-edaran') {
    row('Nomor', l.number);
    row('Klasifikasi', LABEL[l.classification] ?? l.classification);
    row('Sifat', LABEL[l.urgency] ?? l.urgency);
    row('Lampiran', l.attachments ? `${l.attachments} berkas` : '-');
    row('Hal', l.subject);
    doc.moveDown();
    doc.text('Yth.', left, doc.y, { width });
    for (const r of l.recipients) doc.text(r, left + 20, doc.y, { width: width - 20 });
    doc.text('di tempat', left + 20, doc.y);
  } else {
    row('Yth.', l.recipients.join('; '));
    row('Klasifikasi', LABEL[l.classification] ?? l.classification);
    row('Sifat', LABEL[l.urgency] ?? l.urgency);
    row('Lampiran', l.attachments ? `${l.attachments} berkas` : '-');
    row('Hal', l.subject);
    if (l.layout !== 'surat') row('Tanggal', tanggal(l.date));
  }
  doc.moveDown();

  renderBody(doc, l.bodyHtml, left, width);
  doc.font('Helvetica').moveDown();

  // Signature block on the right half; the QR beside it.
  if (doc.y > doc.page.height - 260) doc.addPage();
  const blockX = left + width / 2;
  const top = doc.y;
  for (const line of l.signatureBlock) {
    const italic = line === '(TTE)';
    doc.font(italic ? 'Helvetica-Oblique' : line.startsWith('NIP') ? 'Helvetica' : 'Helvetica').text(line, blockX, doc.y, { width: width / 2 });
    if (italic) doc.moveDown(0.3);
  }
  const afterBlock = doc.y;
  drawQr(doc, l.verificationUrl, left, top);
  doc
    .font('Helvetica')
    .fontSize(7)
    .text('Ditandatangani secara elektronik. Pindai untuk memverifikasi:', left, top + QR_SIDE + 4, { width: width / 2 - 20 });
  doc.text(l.verificationUrl, { width: width / 2 - 20 });
  doc.fontSize(11);
  doc.y = Math.max(afterBlock, doc.y) + 20;

  if (l.tembusan.length) {
    doc.text('Tembusan:', left, doc.y);
    l.tembusan.forEach((t, i) => doc.text(`${i + 1}. ${t}`, left, doc.y, { width }));
  }
  printParaf(doc, l.paraf ?? [], left, width);
  if (l.signatureIssuer) printIssuerFooter(doc, l.signatureIssuer, left, width);
  doc.end();
  return done;
}

/** The footer of an electronically signed letter: whose certificate it is (never BSrE when another issuer signed). */
function printIssuerFooter(doc: PDFKit.PDFDocument, issuer: string, left: number, width: number): void {
  const text = `Dokumen ini telah ditandatangani secara elektronik menggunakan sertifikat elektronik yang diterbitkan oleh ${issuer}.`;
  const bottom = doc.page.height - doc.page.margins.bottom;
  doc.fontSize(7);
  const height = doc.heightOfString(text, { width });
  if (doc.y + 10 + height > bottom) doc.addPage();
  doc.text(text, left, Math.max(doc.y + 10, bottom - height), { width, align: 'center', lineBreak: true });
  doc.fontSize(11);
}

/** The paraf record: who initialled the signed version, hierarki then koordinasi. */
function printParaf(doc: PDFKit.PDFDocument, paraf: ParafRecord[], left: number, width: number): void {
  for (const [kind, heading] of [
    ['hierarki', 'Paraf hierarki:'],
    ['koordinasi', 'Paraf koordinasi:'],
  ] as const) {
    const rows = paraf.filter((p) => p.kind === kind);
    if (!rows.length) continue;
    doc.moveDown(0.5).fontSize(8).text(heading, left, doc.y, { width });
    rows.forEach((p, i) => doc.text(`${i + 1}. ${p.title}, ${p.name}, ${tanggal(p.date)}`, left, doc.y, { width }));
    doc.fontSize(11);
  }
}
