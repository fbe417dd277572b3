/**
 * The e-mails, in Bahasa Indonesia, plain text and HTML. They carry only what the notice itself
 * carries (its title, body and link) and the recipient's name: a confidential document's notice
 * already leaves its subject out, and nothing here reads the document.
 */
export interface MailNotice {
  id: string;
  title: string;
  body: string;
  /** Absolute deep link into the web app. */
  url: string;
  confidential: boolean;
  createdAt: Date;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const FOOTER =
  'Pesan ini dikirim otomatis oleh aplikasi Naskah Dinas; mohon tidak membalas e-mail ini. Pilihan pemberitahuan dapat diubah di aplikasi.';
const CONFIDENTIAL = 'Naskah ini bersifat rahasia: isinya hanya dapat dibaca di aplikasi setelah masuk.';

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Subjects are one line: a newline in a title must not start a header. */
function oneLine(s: string): string {
  return s.replace(/[\r\n]+/g, ' ').trim();
}

const WIB = new Intl.DateTimeFormat('id-ID', { timeZone: 'Asia/Jakarta', dateStyle: 'long', timeStyle: 'short' });
const WIB_DAY = new Intl.DateTimeFormat('id-ID', { timeZone: 'Asia/Jakarta', dateStyle: 'long' });

function wib(d: Date): string {
  return `${WIB.format(d)} WIB`;
}

function html(recipientName: string, inner: string): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="id"><head><meta charset="utf-8"></head>',
    '<body style="font-family: Arial, sans-serif; font-size: 14px; color: #1f2937;">',
    `<p>Yth. ${escapeHtml(recipientName)},</p>`,
    inner,
    `<p style="color: #6b7280; font-size: 12px;">${escapeHtml(FOOTER)}</p>`,
    '</body></html>',
  ].join('\n');
}

function paragraphs(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}

export function renderNoticeMail(n: MailNotice, recipientName: string): RenderedMail {
  const text = [
    `Yth. ${recipientName},`,
    '',
    n.body,
    ...(n.confidential ? ['', CONFIDENTIAL] : []),
    '',
    `Buka di aplikasi: ${n.url}`,
    '',
    '--',
    FOOTER,
    '',
  ].join('\n');
  const inner = [
    `<p><strong>${escapeHtml(n.title)}</strong></p>`,
    paragraphs(n.body),
    ...(n.confidential ? [`<p><em>${escapeHtml(CONFIDENTIAL)}</em></p>`] : []),
    `<p><a href="${escapeHtml(n.url)}">Buka di aplikasi</a></p>`,
  ].join('\n');
  return { subject: oneLine(n.title), text, html: html(recipientName, inner) };
}

export function renderDigestMail(notices: MailNotice[], recipientName: string, day: Date): RenderedMail {
  const count = `${notices.length} pemberitahuan`;
  const heading = `Ringkasan harian Naskah Dinas: ${count}`;
  const text = [
    `Yth. ${recipientName},`,
    '',
    `Berikut ${count} sejak ringkasan sebelumnya:`,
    '',
    ...notices.flatMap((n, i) => [
      `${i + 1}. ${oneLine(n.title)} (${wib(n.createdAt)})`,
      `   ${n.body.replace(/\n/g, '\n   ')}`,
      ...(n.confidential ? [`   ${CONFIDENTIAL}`] : []),
      `   Buka: ${n.url}`,
      '',
    ]),
    '--',
    FOOTER,
    '',
  ].join('\n');
  const items = notices
    .map(
      (n) =>
        `<li style="margin-bottom: 12px;"><strong>${escapeHtml(oneLine(n.title))}</strong> <span style="color: #6b7280;">(${escapeHtml(wib(n.createdAt))})</span><br>` +
        `${escapeHtml(n.body).replace(/\n/g, '<br>')}` +
        (n.confidential ? `<br><em>${escapeHtml(CONFIDENTIAL)}</em>` : '') +
        `<br><a href="${escapeHtml(n.url)}">Buka di aplikasi</a></li>`,
    )
    .join('\n');
  const inner = [`<p>Berikut ${escapeHtml(count)} sejak ringkasan sebelumnya:</p>`, `<ol>\n${items}\n</ol>`].join('\n');
  return { subject: `${heading} (${WIB_DAY.format(day)})`, text, html: html(recipientName, inner) };
}
