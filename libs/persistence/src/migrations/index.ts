import { OrganizationChart1732300000000 } from './1732300000000-organization-chart';
import { Documents1732400000000 } from './1732400000000-documents';
import { Delegations1732500000000 } from './1732500000000-delegations';
import { SignedLetters1732600000000 } from './1732600000000-signed-letters';
import { ArchiveCodesInboxNumber1732700000000 } from './1732700000000-archive-codes-inbox-number';
import { OfficialTokenVersion1732810000000 } from './1732810000000-official-token-version';
import { DocumentSubmitting1732820000000 } from './1732820000000-document-submitting';
import { AccountSecurity1732831200000 } from './1732831200000-account-security';
import { SignedLetterAuditAnchor1732840000000 } from './1732840000000-signed-letter-audit-anchor';
import { AuthorityCitations1732850000000 } from './1732850000000-authority-citations';
import { DelegationRules1732860000000 } from './1732860000000-delegation-rules';
import { ParafKoordinasi1732870000000 } from './1732870000000-paraf-koordinasi';
import { PersonalSignatures1732880000000 } from './1732880000000-personal-signatures';
import { Notifications1732890000000 } from './1732890000000-notifications';
import { OrganizationAudit1732895000000 } from './1732895000000-organization-audit';
import { Administration1732900000000 } from './1732900000000-administration';
import { InboxSearch1733000000100 } from './1733000000100-inbox-search';

/** Explicit, ordered list: the same under the test transform and compiled JavaScript. */
export const MIGRATIONS = [
  OrganizationChart1732300000000,
  Documents1732400000000,
  Delegations1732500000000,
  SignedLetters1732600000000,
  ArchiveCodesInboxNumber1732700000000,
  OfficialTokenVersion1732810000000,
  DocumentSubmitting1732820000000,
  AccountSecurity1732831200000,
  SignedLetterAuditAnchor1732840000000,
  AuthorityCitations1732850000000,
  DelegationRules1732860000000,
  ParafKoordinasi1732870000000,
  PersonalSignatures1732880000000,
  Notifications1732890000000,
  OrganizationAudit1732895000000,
  Administration1732900000000,
  InboxSearch1733000000100,
];
