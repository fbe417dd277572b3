import { AccountAuditEventEntity, LoginAttemptCounterEntity } from './account.entity';
import { ArchiveCodeEntity } from './archive-code.entity';
import { AssignmentEntity } from './assignment.entity';
import { DelegationEntity } from './delegation.entity';
import { DocumentKindEntity } from './document-kind.entity';
import {
  AuditEventEntity,
  DocumentEntity,
  DocumentVersionEntity,
  InboxItemEntity,
  ReminderEntity,
  RouteStepEntity,
  SignedLetterEntity,
} from './document.entity';
import { OfficialEntity } from './official.entity';
import { OrganizationEntity } from './organization.entity';
import { OrganizationAuditEventEntity } from './organization-audit.entity';
import { PositionEntity } from './position.entity';
import { SigningAuthorityEntity } from './signing-authority.entity';
import { SignatureAttemptEntity, SigningCredentialEntity, SigningGuardEntity } from './signing.entity';
import {
  NotificationDeliveryEntity,
  NotificationEntity,
  NotificationPreferenceEntity,
  OrganizationHolidayEntity,
  OrganizationWebhookEntity,
} from './notification.entity';
import { UnitEntity } from './unit.entity';

export * from './account.entity';
export * from './archive-code.entity';
export * from './assignment.entity';
export * from './delegation.entity';
export * from './document-kind.entity';
export * from './document.entity';
export * from './official.entity';
export * from './organization.entity';
export * from './organization-audit.entity';
export * from './position.entity';
export * from './signing-authority.entity';
export * from './signing.entity';
export * from './notification.entity';
export * from './unit.entity';

/** The explicit entity list (STYLE §9). */
export const ENTITIES = [
  OrganizationEntity,
  UnitEntity,
  PositionEntity,
  OfficialEntity,
  AssignmentEntity,
  DocumentKindEntity,
  ArchiveCodeEntity,
  SigningAuthorityEntity,
  DocumentEntity,
  DocumentVersionEntity,
  RouteStepEntity,
  AuditEventEntity,
  InboxItemEntity,
  ReminderEntity,
  DelegationEntity,
  SignedLetterEntity,
  AccountAuditEventEntity,
  LoginAttemptCounterEntity,
  SigningCredentialEntity,
  SigningGuardEntity,
  SignatureAttemptEntity,
  NotificationEntity,
  NotificationDeliveryEntity,
  NotificationPreferenceEntity,
  OrganizationWebhookEntity,
  OrganizationHolidayEntity,
  OrganizationAuditEventEntity,
];
