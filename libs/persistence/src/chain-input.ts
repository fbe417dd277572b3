import type { NewChainInput, RoutePlan } from '@naskah/domain';
import { DocumentEntity, DocumentKindEntity, OrganizationEntity } from './entities';

/**
 * What a document's workflow starts from: the document as frozen for its submission, its kind, its
 * route, and its office's rule on a deputy's consideration (an office whose rules are not loaded
 * leaves it out, which the chain reads as the rule chains had before rules were per office).
 */
export function chainInputOf(
  doc: DocumentEntity,
  kind: Pick<DocumentKindEntity, 'strategic'>,
  plan: RoutePlan,
  org: Pick<OrganizationEntity, 'delegationRules'>,
): NewChainInput {
  return {
    // Each signature is the official's own TTE, made under a claim (DESIGN §6).
    signature: 'personal',
    kindStrategic: kind.strategic,
    ...(org.delegationRules ? { deputyConsiderationPasal: org.delegationRules.consideration } : {}),
    documentId: doc.id,
    organizationId: doc.organizationId,
    drafterOfficialId: doc.drafterOfficialId,
    drafterPositionId: doc.drafterPositionId,
    plan,
    versionNo: doc.currentVersionNo,
    versionHash: doc.currentVersionHash,
  };
}
