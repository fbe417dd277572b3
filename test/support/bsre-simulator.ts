import { timingSafeEqual } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkPdfSignature } from '@naskah/letter';

/** An official as BSrE knows them: the NIK, the passphrase BSrE gave them and their certificate's state. */
export interface SimUser {
  nik: string;
  passphrase: string;
  status: 'ISSUE' | 'EXPIRED' | 'REVOKE' | 'SUSPEND';
}

/** What the signature properties of a sign request said (the simulator passes them to the signer). */
export interface SimSignatureProperties {
  tampilan: 'VISIBLE' | 'INVISIBLE';
  reason?: string;
  location?: string;
}

/**
 * Ways BSrE (or what stands in front of it) can misbehave, until set back to null:
 * - down: 503 with an HTML page, on every endpoint (what a gateway answers);
 * - hang: accepts the connection and never answers;
 * - hang-body: answers 200 and stops half-way through the JSON;
 * - garbage: 200 with an HTML page instead of JSON;
 * - server-error: 500 with a JSON error;
 * and on the sign endpoint only, once the request is valid:
 * - not-pdf: 200 with a file that is not a PDF;
 * - unsigned: 200 with the PDF as sent, unsigned;
 * - error-in-200: 200 with the wrong-passphrase error instead of a file;
 * - echo-secret: 400 whose message repeats the passphrase (a careless server the adapter must not trust).
 */
export type BsreSimFault = 'down' | 'hang' | 'hang-body' | 'garbage' | 'server-error' | 'not-pdf' | 'unsigned' | 'error-in-200' | 'echo-secret';

export interface BsreSimulator {
  url: string;
  users: Map<string, SimUser>;
  addUser(u: SimUser): void;
  setDown(down: boolean): void;
  setFault(fault: BsreSimFault | null): void;
  /** Every request: the path and, once read, the NIK it named. Never the passphrase. */
  requests: Array<{ path: string; nik?: string }>;
  close(): Promise<void>;
}

const SIGN = '/api/v2/sign/pdf';
const VERIFY = '/api/v2/verify/pdf';
const STATUS = '/api/v2/user/check/status';
const MAX_BODY = 25 * 1024 * 1024;

const STATE_MESSAGE: Record<SimUser['status'], string> = {
  ISSUE: 'Sertifikat pengguna aktif',
  EXPIRED: 'Sertifikat pengguna sudah kedaluwarsa',
  REVOKE: 'Sertifikat pengguna sudah dicabut',
  SUSPEND: 'Sertifikat pengguna ditangguhkan',
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: object,
  ) {
    super(`HTTP ${status}`);
  }
}

const badRequest = (message: string) => new HttpError(400, { status_code: 400, error: 'Bad Request', message });

function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('error', reject);
    req.on('end', () => {
      if (size > MAX_BODY)
        return reject(new HttpError(413, { status_code: 413, error: 'Payload Too Large', message: 'Ukuran permintaan melebihi batas' }));
      if (!/^application\/json\b/i.test(req.headers['content-type'] ?? ''))
        return reject(new HttpError(415, { status_code: 415, error: 'Unsupported Media Type', message: 'Gunakan application/json' }));
      try {
        const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new Error('not an object');
        resolve(body as Record<string, unknown>);
      } catch {
        reject(badRequest('Format JSON tidak valid'));
      }
    });
  });
}

const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * A stand-in for the BSrE esign API v2 over loopback HTTP, answering as the adapter assumes BSrE does
 * (see BSRE-CONTRACT in the README): HTTP Basic client credentials, check/status per NIK, sign with
 * the wrong-passphrase (2031) and user-not-registered (2011) errors, verify. The signature itself is
 * made by `sign`, so tests can sign with a certificate that names the official.
 */
export async function startBsreSimulator(opts: {
  clientId: string;
  clientSecret: string;
  sign: (pdf: Buffer, user: SimUser, props: SimSignatureProperties) => Promise<Buffer>;
  host?: string;
  port?: number;
}): Promise<BsreSimulator> {
  const users = new Map<string, SimUser>();
  const requests: BsreSimulator['requests'] = [];
  const expectedAuth = `Basic ${Buffer.from(`${opts.clientId}:${opts.clientSecret}`).toString('base64')}`;
  let fault: BsreSimFault | null = null;

  const json = (res: ServerResponse, status: number, body: object) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
  };
  const html = (res: ServerResponse, status: number, text: string) => void res.writeHead(status, { 'content-type': 'text/html' }).end(text);

  async function handle(req: IncomingMessage, res: ServerResponse, entry: { path: string; nik?: string }): Promise<void> {
    if (fault === 'hang') return;
    if (fault === 'hang-body') {
      res.writeHead(200, { 'content-type': 'application/json' }).write('{"file":["JVBERi0');
      return;
    }
    if (fault === 'down') return html(res, 503, '<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>');
    if (fault === 'garbage') return html(res, 200, '<html><body>Sedang dalam pemeliharaan</body></html>');
    if (fault === 'server-error')
      return json(res, 500, { status_code: 500, error: 'Internal Server Error', message: 'Terjadi kesalahan pada server' });
    if (![SIGN, VERIFY, STATUS].includes(entry.path))
      return json(res, 404, { timestamp: new Date().toISOString(), status: 404, error: 'Not Found', path: entry.path });
    if (req.method !== 'POST')
      return json(res, 405, { timestamp: new Date().toISOString(), status: 405, error: 'Method Not Allowed', path: entry.path });
    if (!same(req.headers.authorization ?? '', expectedAuth)) {
      res.setHeader('www-authenticate', 'Basic realm="esign"');
      return json(res, 401, { timestamp: new Date().toISOString(), status: 401, error: 'Unauthorized', path: entry.path });
    }
    const body = await readJson(req);
    if (typeof body.nik === 'string') entry.nik = body.nik;

    if (entry.path === STATUS) {
      if (typeof body.nik !== 'string') throw badRequest('Parameter nik wajib diisi');
      const user = users.get(body.nik);
      return json(
        res,
        200,
        user ? { status: user.status, message: STATE_MESSAGE[user.status] } : { status: 'NOT_REGISTERED', message: 'Pengguna tidak terdaftar' },
      );
    }

    if (entry.path === VERIFY) {
      if (typeof body.file !== 'string') throw badRequest('Parameter file wajib diisi');
      const check = checkPdfSignature(Buffer.from(body.file, 'base64'));
      return json(
        res,
        200,
        check.ok
          ? {
              conclusion: 'VALID',
              description: 'Dokumen valid',
              signatureInformations: [{ signerName: check.subject, certificateSha256: check.certificateSha256 }],
            }
          : { conclusion: check.problem === 'no signature' ? 'NO_SIGNATURE' : 'INVALID', description: check.problem, signatureInformations: [] },
      );
    }

    const { nik, passphrase, signatureProperties: props, file } = body;
    if (typeof nik !== 'string' || !nik) throw badRequest('Parameter nik wajib diisi');
    if (typeof passphrase !== 'string' || !passphrase) throw badRequest('Parameter passphrase wajib diisi');
    const first: unknown = Array.isArray(props) ? props[0] : undefined;
    if (!first || typeof first !== 'object') throw badRequest('Parameter signatureProperties wajib diisi');
    const properties = first as Record<string, unknown>;
    if (properties.tampilan !== 'VISIBLE' && properties.tampilan !== 'INVISIBLE') throw badRequest('tampilan harus VISIBLE atau INVISIBLE');
    if (!Array.isArray(file) || file.length !== 1 || typeof file[0] !== 'string') throw badRequest('Parameter file wajib berisi satu dokumen');
    const pdf = Buffer.from(file[0], 'base64');
    if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') throw badRequest('Dokumen bukan PDF');
    if (fault === 'error-in-200') return json(res, 200, { status_code: 2031, error: 'Passphrase anda salah', message: 'Proses signing gagal' });
    if (fault === 'echo-secret')
      return json(res, 400, { status_code: 400, error: 'Bad Request', message: `Dokumen tidak dapat diproses untuk ${passphrase}` });

    const user = users.get(nik);
    if (!user) return json(res, 400, { status_code: 2011, error: 'Pengguna tidak terdaftar', message: 'Proses signing gagal' });
    if (user.status !== 'ISSUE')
      return json(res, 400, { status_code: 400, error: `${STATE_MESSAGE[user.status]} (${user.status})`, message: 'Proses signing gagal' });
    if (!same(passphrase, user.passphrase))
      return json(res, 400, { status_code: 2031, error: 'Passphrase anda salah', message: 'Proses signing gagal' });

    const started = Date.now();
    const signed =
      fault === 'not-pdf'
        ? Buffer.from('bukan sebuah pdf')
        : fault === 'unsigned'
          ? pdf
          : await opts.sign(pdf, user, {
              tampilan: properties.tampilan,
              reason: typeof properties.reason === 'string' ? properties.reason : undefined,
              location: typeof properties.location === 'string' ? properties.location : undefined,
            });
    return json(res, 200, { file: [signed.toString('base64')], time: Date.now() - started });
  }

  const server = createServer((req, res) => {
    const entry: { path: string; nik?: string } = { path: (req.url ?? '/').split('?')[0] };
    requests.push(entry);
    handle(req, res, entry).catch((e: unknown) => {
      if (res.headersSent) return res.destroy();
      if (e instanceof HttpError) return json(res, e.status, e.body);
      json(res, 500, { status_code: 500, error: 'Internal Server Error', message: 'Terjadi kesalahan pada server' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;

  return {
    url: `http://${host}:${port}`,
    users,
    requests,
    addUser: (u) => void users.set(u.nik, { ...u }),
    setDown: (down) => void (fault = down ? 'down' : null),
    setFault: (f) => void (fault = f),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        // Hanging answers keep their connections open; close() waits for none of them.
        server.closeAllConnections();
      }),
  };
}
