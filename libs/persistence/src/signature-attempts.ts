import { DataSource } from 'typeorm';
import { appendAudit } from './audit';
import { DocumentEntity, SignatureAttemptEntity, SignedLetterEntity } from './entities';
import { writeTransaction } from './transaction';

/**
 * Settles a signature claim whose request never ended it (DocumentActivities.settleSignature).
 * Under the document's row lock, which the signing transaction holds from before it checks the
 * attempt until it commits the signed letter: either that transaction committed (the attempt is
 * 'signed' and its letter exists: signed), or it has not begun and now never will (the attempt is
 * closed as 'abandoned', which it checks under the same lock).
 */
export function settleSignatureAttempt(ds: DataSource, documentId: string, attemptId: string): Promise<{ signed: boolean }> {
  return writeTransaction(ds, async (m) => {
    const doc = await m.findOne(DocumentEntity, { where: { id: documentId }, lock: { mode: 'pessimistic_write' } });
    if (!doc) return { signed: false };
    const attempt = await m.findOneBy(SignatureAttemptEntity, { id: attemptId, documentId });
    const letter = await m.findOneBy(SignedLetterEntity, { documentId });
    if (attempt?.state === 'signed' && letter?.attemptId === attemptId) return { signed: true };
    if (attempt?.state === 'open') {
      const at = new Date();
      await m.update(SignatureAttemptEntity, { id: attemptId }, { state: 'abandoned', failure: 'request_lost', endedAt: at });
      await appendAudit(m, doc, {
        type: 'signature_abandoned',
        actorOfficialId: attempt.officialId,
        actorPositionId: attempt.positionId,
        data: { attemptId, reason: 'Penandatanganan tidak selesai dalam batas waktu; langkah kembali menunggu tanda tangan' },
        at,
      });
    }
    return { signed: false };
  });
}
