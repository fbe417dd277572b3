import { Provider } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@naskah/config';
import { API_ARCHIVE_LIMITS, ArchiveStore, openArchiveStore } from '@naskah/letter';

/**
 * The same content-addressed archive the worker writes signed PDFs into (a folder, or an S3 bucket
 * shared by every host), with the API's tighter limits: a signer's request waits for it.
 */
export const archiveProvider: Provider = {
  provide: ArchiveStore,
  useFactory: (cfg: AppConfig) => openArchiveStore(cfg, API_ARCHIVE_LIMITS),
  inject: [APP_CONFIG],
};
