import type { Express, NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { VERIFICATION_PAGE_STYLE_HASH } from '../verify/verify-page';

/**
 * One policy for the web app, the API, the PDFs and the verification page. Scripts and styles come
 * only from the app's own files: the Vite build has no inline script or style, React and
 * ProseMirror set styles through the CSSOM (which CSP does not govern), Tiptap's injected
 * stylesheet is off (its rules are in styles.css), and the verification page's one stylesheet is
 * allowed by its hash.
 */
const DIRECTIVES = {
  defaultSrc: ["'self'"],
  baseUri: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", VERIFICATION_PAGE_STYLE_HASH],
  imgSrc: ["'self'"],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  frameSrc: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

// Swagger UI's page carries an inline stylesheet and data: icons; its scripts are files.
const DOCS_DIRECTIVES = { ...DIRECTIVES, styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:'] };

const isDocs = (path: string) => /^\/api\/docs(\/|$)/i.test(path);

/** Security headers on every response, and no caching of anything the API answers (personal and letter data). */
export function useSecurityHeaders(express: Express): void {
  const common = { referrerPolicy: { policy: 'no-referrer' as const }, xFrameOptions: { action: 'deny' as const } };
  const app = helmet({ ...common, contentSecurityPolicy: { useDefaults: false, directives: DIRECTIVES } });
  const docs = helmet({ ...common, contentSecurityPolicy: { useDefaults: false, directives: DOCS_DIRECTIVES } });
  express.use((req: Request, res: Response, next: NextFunction) => (isDocs(req.path) ? docs : app)(req, res, next));
  express.use('/api', (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
}
