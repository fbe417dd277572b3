import { EntityManager } from 'typeorm';
import { DocumentVersionEntity } from './entities';

/**
 * The number the next version of a document takes: after the last one of any author (the drafter's
 * saves and reviewers' corrections number alike). The caller holds the document's row lock.
 */
export async function nextVersionNo(m: EntityManager, documentId: string): Promise<number> {
  const last = await m.findOne(DocumentVersionEntity, { where: { documentId }, order: { versionNo: 'DESC' }, select: { versionNo: true } });
  return (last?.versionNo ?? 0) + 1;
}
