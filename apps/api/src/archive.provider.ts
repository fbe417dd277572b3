import { join, resolve } from 'node:path';
import { Provider } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@naskah/config';
import { ArchiveStore } from '@naskah/letter';

/** The same content-addressed archive the worker writes signed PDFs into. */
export const archiveProvider: Provider = {
  provide: ArchiveStore,
  useFactory: (cfg: AppConfig) => new ArchiveStore(resolve(cfg.ARCHIVE_DIR ?? join(cfg.DATA_DIR, 'archive'))),
  inject: [APP_CONFIG],
};
