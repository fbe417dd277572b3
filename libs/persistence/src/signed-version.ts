import { EntityManager } from 'typeorm';
import { versionHash } from '@naskah/content';
import { DocumentEntity, DocumentVersionEntity, RouteStepEntity } from './entities';

export class SignedVersionMismatch extends Error {}

/**
 * What the signature binds: the sign step of the document's last round and the version whose hash
 * it recorded, re-hashed here. The letter is made, read and verified from this immutable row only,
 * never from the document's columns (DESIGN §6); a row whose content no longer matches its hash is
 * a SignedVersionMismatch, never used.
 */
export async function signedVersionOf(
  m: EntityManager,
  doc: Pick<DocumentEntity, 'id' | 'round'>,
): Promise<{ sign: RouteStepEntity; version: DocumentVersionEntity }> {
  const sign = await m.findOne(RouteStepEntity, { where: { documentId: doc.id, round: doc.round, action: 'sign', state: 'done' } });
  const version = sign?.versionHash
    ? await m.findOne(DocumentVersionEntity, { where: { documentId: doc.id, contentHash: sign.versionHash }, order: { versionNo: 'DESC' } })
    : null;
  if (!sign || !version || versionHash(version) !== sign.versionHash) {
    throw new SignedVersionMismatch(`document ${doc.id}: no stored version matches the signed hash ${sign?.versionHash ?? '(no sign step)'}`);
  }
  return { sign, version };
}
