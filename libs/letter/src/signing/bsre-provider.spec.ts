import { BSRE_CLIENT_REFUSED, BSRE_UNAVAILABLE, BsreSigningProvider, classifyBsreAnswer } from './bsre-provider';
import { Signer, SigningError } from './signing-provider';

const NOT_REGISTERED = 'NIK belum terdaftar di BSrE; lakukan pendaftaran sertifikat elektronik';
const signer: Signer = {
  officialId: 'o1',
  name: 'Dra. Nurhayati Siregar, M.M.',
  nip: '197511202000032002',
  nik: '2171015501750002',
  organizationName: 'Dinas Koperasi dan Usaha Mikro Kota Batam',
  credential: null,
};

describe('classifyBsreAnswer: BSrE error answers, by their words first, then by HTTP status', () => {
  it.each([
    [400, { status_code: 2031, error: 'Passphrase anda salah' }, 'WRONG_PASSPHRASE', 'Passphrase salah'],
    [400, { status_code: 2031 }, 'WRONG_PASSPHRASE', 'Passphrase salah'],
    // Public client code has seen the wrong passphrase as a 500 and as a 401 too.
    [500, { error: 'Passphrase anda salah' }, 'WRONG_PASSPHRASE', 'Passphrase salah'],
    [401, { message: 'Passphrase salah' }, 'WRONG_PASSPHRASE', 'Passphrase salah'],
    [400, { status_code: 2011, error: 'Proses signing gagal' }, 'NOT_ENROLLED', NOT_REGISTERED],
    [400, { error: 'User tidak terdaftar' }, 'NOT_ENROLLED', NOT_REGISTERED],
    [404, { status: 'NOT_REGISTERED', message: 'x' }, 'NOT_ENROLLED', NOT_REGISTERED],
    [400, { message: 'NIK tidak ditemukan' }, 'NOT_ENROLLED', NOT_REGISTERED],
    [400, { error: 'Sertifikat sudah kedaluwarsa' }, 'CERTIFICATE_INACTIVE', /kedaluwarsa/],
    [400, { error: 'Sertifikat kadaluarsa' }, 'CERTIFICATE_INACTIVE', /kedaluwarsa/],
    [400, { error: 'Certificate EXPIRED' }, 'CERTIFICATE_INACTIVE', /kedaluwarsa/],
    [400, { error: 'Sertifikat telah dicabut' }, 'CERTIFICATE_INACTIVE', /dicabut/],
    [400, { status: 'REVOKE' }, 'CERTIFICATE_INACTIVE', /dicabut/],
    [400, { error: 'User SUSPEND' }, 'CERTIFICATE_INACTIVE', /ditangguhkan/],
    [400, { error: 'Sertifikat user tidak aktif' }, 'CERTIFICATE_INACTIVE', /tidak aktif/],
    [401, { status: 401, error: 'Unauthorized', path: '/api/v2/sign/pdf' }, 'UNAVAILABLE', BSRE_CLIENT_REFUSED],
    [403, null, 'UNAVAILABLE', BSRE_CLIENT_REFUSED],
    [500, { error: 'Internal Server Error' }, 'UNAVAILABLE', BSRE_UNAVAILABLE],
    [502, null, 'UNAVAILABLE', BSRE_UNAVAILABLE],
    // An outage that merely mentions the passphrase is no wrong passphrase (no strike toward the signing lock).
    [503, { error: 'HSM error while verifying passphrase' }, 'UNAVAILABLE', BSRE_UNAVAILABLE],
    [500, { message: 'Gagal memproses passphrase: timeout' }, 'UNAVAILABLE', BSRE_UNAVAILABLE],
    [400, { error: 'Invalid passphrase' }, 'WRONG_PASSPHRASE', 'Passphrase salah'],
    [429, { error: 'Too Many Requests' }, 'UNAVAILABLE', BSRE_UNAVAILABLE],
    [408, null, 'UNAVAILABLE', BSRE_UNAVAILABLE],
    // A 2xx that carries no file and no words we know: a broken answer.
    [200, { hasil: 'gagal' }, 'UNAVAILABLE', BSRE_UNAVAILABLE],
    // A wrong base URL is not "NIK not registered".
    [404, { status: 404, error: 'Not Found', path: '/api/v2/sign/pdf' }, 'REJECTED', 'BSrE menolak permintaan: Not Found'],
    [400, { message: 'Dokumen terenkripsi tidak didukung' }, 'REJECTED', 'BSrE menolak permintaan: Dokumen terenkripsi tidak didukung'],
    [413, null, 'REJECTED', 'BSrE menolak permintaan (HTTP 413)'],
  ] as const)('HTTP %i %j → %s', (status, body, code, message) => {
    const f = classifyBsreAnswer(status, body);
    expect(f.code).toBe(code);
    if (typeof message === 'string') expect(f.message).toBe(message);
    else expect(f.message).toMatch(message);
  });

  it('cuts the passphrase out of what BSrE says', () => {
    expect(classifyBsreAnswer(400, { message: 'Dokumen s3cr3t-Pass tidak valid: s3cr3t-Pass' }, 's3cr3t-Pass').message).toBe(
      'BSrE menolak permintaan: Dokumen *** tidak valid: ***',
    );
  });
});

describe('BsreSigningProvider over a stubbed fetch', () => {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const answering =
    (status: number, body: unknown, headers: Record<string, string> = {}): typeof fetch =>
    async (input, init) => {
      calls.push({ url: String(input), init: init! });
      return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers });
    };
  const provider = (f: typeof fetch, baseUrl = 'https://esign.example.go.id/') =>
    new BsreSigningProvider({ baseUrl, clientId: 'naskah', clientSecret: 'rahasia', fetch: f });
  beforeEach(() => {
    calls.length = 0;
  });

  it('posts JSON with HTTP Basic client credentials under the configured base URL (path prefix kept)', async () => {
    await provider(answering(200, { status: 'ISSUE' }), 'https://gw.example.go.id/bsre/').status(signer);
    expect(calls).toHaveLength(1);
    expect(calls[0].url).toBe('https://gw.example.go.id/bsre/api/v2/user/check/status');
    expect(calls[0].init.method).toBe('POST');
    expect(calls[0].init.redirect).toBe('error');
    expect(calls[0].init.headers).toMatchObject({
      authorization: `Basic ${Buffer.from('naskah:rahasia').toString('base64')}`,
      'content-type': 'application/json',
    });
    expect(JSON.parse(String(calls[0].init.body))).toEqual({ nik: signer.nik });
  });

  it.each([
    [
      { status: 'ISSUE', message: 'aktif' },
      { state: 'active', certificate: null },
    ],
    [{ status: 'issue' }, { state: 'active', certificate: null }],
    [{ status: 'REVOKED' }, { state: 'revoked' }],
    [{ status: 'SUSPENDED' }, { state: 'suspended' }],
    [{ status: 'NOT_REGISTERED' }, { state: 'not_enrolled' }],
    // States before issuance (names assumed): nothing to sign with yet.
    [{ status: 'NEW' }, { state: 'not_enrolled' }],
    [{ status: 'WAITING_VERIFICATION' }, { state: 'not_enrolled' }],
  ])('check/status 200 %j → %j', async (body, expected) => {
    await expect(provider(answering(200, body)).status(signer)).resolves.toEqual(expected);
  });

  it.each([
    [404, { status_code: 2011, error: 'User tidak terdaftar' }, { state: 'not_enrolled' }],
    [400, { error: 'Sertifikat sudah kedaluwarsa' }, { state: 'expired', certificate: null }],
    [400, { error: 'Sertifikat user tidak aktif' }, { state: 'suspended' }],
  ])('check/status HTTP %i %j → %j', async (status, body, expected) => {
    await expect(provider(answering(status, body)).status(signer)).resolves.toEqual(expected);
  });

  it.each([
    ['no status', 200, { message: 'ok' }],
    ['a JSON array', 200, [{ status: 'ISSUE' }]],
    ['HTML', 200, '<html>maintenance</html>'],
    ['a gateway error', 504, '<html>Gateway Timeout</html>'],
  ])('check/status answering %s cannot tell: UNAVAILABLE', async (_, status, body) => {
    await expect(provider(answering(status, body)).status(signer)).rejects.toEqual(new SigningError('UNAVAILABLE', BSRE_UNAVAILABLE));
  });

  it('a fetch that throws (network, redirect refused, timeout) is UNAVAILABLE, without its cause', async () => {
    const e = await provider(async () => {
      throw new TypeError('fetch failed', { cause: new Error('passphrase=abc') });
    })
      .sign({ pdf: Buffer.from('%PDF-1.7'), signer, passphrase: 'abc', reason: 'r', location: 'l', contactInfo: 'c' })
      .catch((err: unknown) => err);
    expect(e).toEqual(new SigningError('UNAVAILABLE', BSRE_UNAVAILABLE));
    expect((e as Error).cause).toBeUndefined();
  });

  it('sends the PDF for an INVISIBLE signature with the reason and location, the passphrase only in the body', async () => {
    await provider(answering(400, { status_code: 2031, error: 'Passphrase anda salah' }))
      .sign({ pdf: Buffer.from('%PDF-1.7 surat'), signer, passphrase: 'abc', reason: 'Penandatanganan', location: 'Batam', contactInfo: 'c' })
      .catch(() => undefined);
    expect(calls[0].url).toBe('https://esign.example.go.id/api/v2/sign/pdf');
    expect(JSON.stringify(calls[0].init.headers)).not.toContain('abc');
    expect(JSON.parse(String(calls[0].init.body))).toEqual({
      nik: signer.nik,
      passphrase: 'abc',
      signatureProperties: [{ tampilan: 'INVISIBLE', reason: 'Penandatanganan', location: 'Batam' }],
      file: [Buffer.from('%PDF-1.7 surat').toString('base64')],
    });
  });

  it('an empty passphrase is refused before BSrE is asked (a failed attempt may count against the official)', async () => {
    const e = await provider(answering(200, {}))
      .sign({ pdf: Buffer.from('%PDF-1.7'), signer, passphrase: '', reason: 'r', location: 'l', contactInfo: 'c' })
      .catch((err: unknown) => err);
    expect(e).toEqual(new SigningError('WRONG_PASSPHRASE', 'Passphrase wajib diisi'));
    expect(calls).toHaveLength(0);
  });

  it.each([
    [{ baseUrl: 'esign.example.go.id' }, /http\(s\)/],
    [{ clientId: 'a:b' }, /client id/],
    [{ timeoutMs: 0 }, /timeout/],
  ])('refuses a configuration %j', (bad, message) => {
    expect(() => new BsreSigningProvider({ baseUrl: 'https://esign.example.go.id', clientId: 'naskah', clientSecret: 's', ...bad })).toThrow(message);
  });
});
