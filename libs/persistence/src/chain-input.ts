import type { NewChainInput, RoutePlan } from '@naskah/domain';
import { DocumentEntity, DocumentKindEntity } from './entities';

/** What a document's workflow starts from: the document as frozen for its submission, its kind and its route. */
export function chainInputOf(doc: DocumentEntity, kind: Pick<DocumentKindEntity, 'strategic'>, plan: RoutePlan): NewChainInput {
  return {
    kindStrategic: kind.strategic,
    documentId: doc.id,
    organizationId: doc.organizationId,
    drafterOfficialId: doc.drafterOfficialId,
    drafterPositionId: doc.drafterPositionId,
    plan,
    versionNo: doc.currentVersionNo,
    versionHash: doc.currentVersionHash,
  };
}
