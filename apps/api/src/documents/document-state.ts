import { DocumentEntity } from '@naskah/persistence';

/** Not yet in the workflow: the route shown (and read by) is the one it would take. */
export const unsubmitted = (doc: Pick<DocumentEntity, 'status' | 'round'>) =>
  doc.status === 'draft' || (doc.status === 'submitting' && doc.round === 0);
