import { HttpException, HttpStatus } from '@nestjs/common';
import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';
import { json, text } from 'express';
import { FieldErrorDto } from './error-response';
import { InvalidInputException } from './validation';

/**
 * The largest body a document write can need: subject 500, body 200,000 and 200 addressees of
 * 300 + 300 characters (document-input.dto.ts), each at its longest as JSON.stringify writes it
 * (6 bytes, "\u001f"), is about 1.94 MB. So every body the DTO accepts reaches the DTO.
 */
export const DOCUMENT_BODY_LIMIT = 2 * 1024 * 1024;
/** Every other JSON body: the longest (a return note and its consideration) is under 45 KB. */
export const DEFAULT_BODY_LIMIT = 100 * 1024;
/** An organisation file (YAML) or a list of officials (CSV) sent whole to an import route: a city's largest office is well under this. */
export const ADMIN_FILE_LIMIT = 2 * 1024 * 1024;
/** What each import route reads: the organisation file as YAML, the officials as CSV. */
export const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'];
export const CSV_TYPES = ['text/csv'];
/** The deepest DTO is 3 levels (document → recipients → addressee); deeper input is refused before validation recurses into it. */
export const MAX_BODY_DEPTH = 16;

const isDocumentWrite = (req: Request) => (req.method === 'POST' || req.method === 'PUT') && /^\/api\/v1\/documents(\/[^/]+)?\/?$/i.test(req.path);
const isVerifyUpload = (req: Request) => req.method === 'POST' && /^\/api\/v1\/verify\/?$/i.test(req.path);

const isOrganizationImport = (req: Request) => req.method === 'POST' && /^\/api\/v1\/admin\/organizations\/import\/?$/i.test(req.path);
const isOfficialsImport = (req: Request) => req.method === 'POST' && /^\/api\/v1\/admin\/organizations\/[^/]+\/officials\/import\/?$/i.test(req.path);

const hasBody = (req: Request) => req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) !== 0;

function unsupported(message: string): HttpException {
  return new HttpException({ code: 'UNSUPPORTED_MEDIA_TYPE', message }, HttpStatus.UNSUPPORTED_MEDIA_TYPE);
}

/** A body the route cannot read is a 415 before anything reads it: JSON everywhere, a PDF or a form only for the verification upload. */
function refuseUnreadable(req: Request): HttpException | undefined {
  if (!hasBody(req)) return undefined;
  const encoding = String(req.headers['content-encoding'] ?? 'identity')
    .trim()
    .toLowerCase();
  if (encoding !== 'identity') return unsupported('Content-Encoding tidak didukung: kirim isian tanpa kompresi');
  if (isVerifyUpload(req)) {
    return req.is(['multipart/form-data', 'application/pdf'])
      ? undefined
      : unsupported('Kirim berkas PDF sebagai multipart/form-data (field "file") atau application/pdf');
  }
  if (isOrganizationImport(req)) return req.is(YAML_TYPES) ? undefined : unsupported('Kirim berkas organisasi sebagai application/yaml');
  if (isOfficialsImport(req)) return req.is(CSV_TYPES) ? undefined : unsupported('Kirim daftar pegawai sebagai text/csv (UTF-8)');
  return req.is('application/json') ? undefined : unsupported('Jenis isian tidak didukung: kirim application/json');
}

// ES2024 string methods (Node 20); the project's TypeScript lib is ES2022.
type Es2024String = string & { isWellFormed(): boolean; toWellFormed(): string };
const isWellFormed = (s: string) => (s as Es2024String).isWellFormed();
const shown = (s: string) => (s as Es2024String).toWellFormed();

/**
 * One walk over a parsed body, without recursion: nesting deeper than MAX_BODY_DEPTH, and text
 * (values and names) with a lone surrogate, which no form of storage, hashing or printing keeps as
 * sent. Refused here, so no route, DTO or hash ever sees them.
 */
export function bodyProblem(body: unknown, textRoute = false): FieldErrorDto | undefined {
  if (body === undefined) return undefined;
  // An import route's file, read as UTF-8 text (bytes that are not UTF-8 are already U+FFFD); only those routes take text.
  if (textRoute && typeof body === 'string') return undefined;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { field: 'body', reasons: ['isian harus berupa objek JSON'] };
  const pending: Array<{ value: unknown; field: string; depth: number }> = [{ value: body, field: '', depth: 0 }];
  while (pending.length) {
    const { value, field, depth } = pending.pop()!;
    if (typeof value === 'string') {
      if (!isWellFormed(value)) return { field, reasons: ['teks memuat karakter Unicode yang tidak utuh (surrogate tanpa pasangan)'] };
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_BODY_DEPTH)
      return { field: field || 'body', reasons: [`isian bersarang terlalu dalam (paling banyak ${MAX_BODY_DEPTH} tingkat)`] };
    for (const [key, child] of Object.entries(value)) {
      const name = field ? `${field}.${shown(key)}` : shown(key);
      if (!isWellFormed(key)) return { field: name, reasons: ['nama isian memuat karakter Unicode yang tidak utuh (surrogate tanpa pasangan)'] };
      pending.push({ value: child, field: name, depth: depth + 1 });
    }
  }
  return undefined;
}

/**
 * Request bodies, before Nest's routes (the app is made with `bodyParser: false`): unreadable
 * types and encodings refused, JSON parsed with a limit that fits the route, then checked once.
 * No urlencoded parser: nothing sends forms (the web app sends JSON, the upload multipart or PDF, the
 * imports YAML or CSV as text).
 * Errors go to the one exception filter.
 */
export function useRequestBodies(express: Express): void {
  const documentJson = json({ limit: DOCUMENT_BODY_LIMIT, inflate: false, strict: true });
  const otherJson = json({ limit: DEFAULT_BODY_LIMIT, inflate: false, strict: true });
  const yamlText = text({ type: YAML_TYPES, limit: ADMIN_FILE_LIMIT, inflate: false, defaultCharset: 'utf-8' });
  const csvText = text({ type: CSV_TYPES, limit: ADMIN_FILE_LIMIT, inflate: false, defaultCharset: 'utf-8' });
  const parse: RequestHandler = (req, res, next) =>
    (isOrganizationImport(req) ? yamlText : isOfficialsImport(req) ? csvText : isDocumentWrite(req) ? documentJson : otherJson)(req, res, next);
  express.use((req: Request, _res: Response, next: NextFunction) => next(refuseUnreadable(req)));
  express.use(parse);
  express.use((req: Request, _res: Response, next: NextFunction) => {
    const problem = bodyProblem(req.body, isOrganizationImport(req) || isOfficialsImport(req));
    next(problem ? new InvalidInputException([problem]) : undefined);
  });
}
