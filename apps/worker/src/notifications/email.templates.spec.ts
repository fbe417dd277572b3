import { renderDigestMail, renderNoticeMail } from './email.templates';
import { webhookSignature } from './webhook.sender';

const notice = {
  id: 'n1',
  title: 'Nota Dinas menunggu paraf Anda',
  body: 'Perihal <b>"Rapat & Koordinasi"</b> menunggu paraf Anda.',
  url: 'https://naskah.example.go.id/dokumen/d1?a=1&b=2',
  confidential: false,
  createdAt: new Date('2025-03-10T02:00:00Z'),
};

describe('notice e-mail templates', () => {
  it('escapes the notice in HTML and keeps it as is in plain text', () => {
    const mail = renderNoticeMail(notice, 'Dr. Budi, M.Si.');
    expect(mail.subject).toBe(notice.title);
    expect(mail.text).toContain(notice.body);
    expect(mail.text).toContain(`Buka di aplikasi: ${notice.url}`);
    expect(mail.html).toContain('Perihal &lt;b&gt;&quot;Rapat &amp; Koordinasi&quot;&lt;/b&gt;');
    expect(mail.html).toContain('href="https://naskah.example.go.id/dokumen/d1?a=1&amp;b=2"');
    expect(mail.html).not.toContain('<b>');
  });

  it('a title with a line break stays one subject line', () => {
    expect(renderNoticeMail({ ...notice, title: 'Satu\r\nBcc: x@example.com' }, 'Budi').subject).toBe('Satu Bcc: x@example.com');
  });

  it('a confidential notice says its content is read in the app and adds nothing else', () => {
    const open = renderNoticeMail(notice, 'Budi');
    const closed = renderNoticeMail({ ...notice, confidential: true }, 'Budi');
    expect(closed.text).toContain('bersifat rahasia');
    expect(closed.text.replace(/\nNaskah ini bersifat rahasia[^\n]*\n/, '')).toBe(open.text);
  });

  it('the digest lists every notice with its link, in WIB', () => {
    const mail = renderDigestMail(
      [notice, { ...notice, id: 'n2', title: 'Surat Undangan ditandatangani' }],
      'Budi',
      new Date('2025-03-10T00:00:00Z'),
    );
    expect(mail.subject).toBe('Ringkasan harian Naskah Dinas: 2 pemberitahuan (10 Maret 2025)');
    expect(mail.text).toContain('1. Nota Dinas menunggu paraf Anda (10 Maret 2025 pukul 09.00 WIB)');
    expect(mail.text).toContain('2. Surat Undangan ditandatangani');
    expect(mail.html.match(/<li /g)).toHaveLength(2);
  });
});

describe('webhook signature', () => {
  it('is the hex HMAC-SHA256 of the raw body', () => {
    // echo -n '{"id":"n1"}' | openssl dgst -sha256 -hmac rahasia
    expect(webhookSignature('{"id":"n1"}', 'rahasia')).toBe('sha256=3e053e7e179fd3ac4b1354040540e48dbda559275c158affbc01cb4bb0d1b716');
  });
});
