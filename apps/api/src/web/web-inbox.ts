import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { INestApplication, Logger } from '@nestjs/common';
import type { Express, NextFunction, Request, Response } from 'express';
import { static as serveStatic } from 'express';

// The built web inbox (vite, `npm run build`): dist/web beside the compiled apps, or from the sources.
export const WEB_DIST_DIR = [join(__dirname, '..', '..', '..', '..', 'web'), join(__dirname, '..', '..', '..', '..', 'dist', 'web')].find((d) =>
  existsSync(join(d, 'index.html')),
);

const isApi = (path: string) => path === '/api' || path.startsWith('/api/');
// A missing file (an old asset after a deploy, a favicon) is a 404, not the app's page.
const isFile = (path: string) => /\.[a-z0-9]+$/i.test(path);

/**
 * Serves the web inbox from the API process (one process to start): hashed assets cached for a
 * year, any other GET outside /api answered with index.html so the browser's router takes it;
 * source maps only outside production.
 * Plain Express middleware in front of Nest's routes, so /api keeps its own 404s and 400s.
 */
export function serveWebInbox(app: INestApplication, opts: { sourceMaps: boolean }): void {
  if (!WEB_DIST_DIR) {
    new Logger('Web').warn('dist/web is missing (run `npm run build`): the API runs without the web inbox');
    return;
  }
  const express = app.getHttpAdapter().getInstance() as Express;
  const assets = serveStatic(WEB_DIST_DIR, {
    index: false,
    setHeaders: (res, path) =>
      res.setHeader('Cache-Control', path.includes(join('web', 'assets')) ? 'public, max-age=31536000, immutable' : 'no-cache'),
  });
  const index = join(WEB_DIST_DIR, 'index.html');
  express.use((req: Request, res: Response, next: NextFunction) => {
    if (isApi(req.path) || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
    // Vite writes source maps beside the bundles; production does not give out the sources.
    if (!opts.sourceMaps && /\.map$/i.test(req.path)) return next();
    assets(req, res, () =>
      isFile(req.path) ? next() : res.sendFile(index, { headers: { 'Cache-Control': 'no-cache' } }, (err) => err && next(err)),
    );
  });
}
