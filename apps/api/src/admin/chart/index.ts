import type { Provider, Type } from '@nestjs/common';
import { AdminWrites } from './admin-writes';
import { ChartAdminController } from './chart-admin.controller';
import { ChartAdminService } from './chart-admin.service';
import { DocumentKindsAdminController } from './document-kinds-admin.controller';
import { DocumentKindsAdminService } from './document-kinds-admin.service';
import { OrganizationAuditService } from './organization-audit.service';
import { OrganizationsAdminController } from './organizations-admin.controller';
import { OrganizationsAdminService } from './organizations-admin.service';
import { SigningAuthorityAdminService } from './signing-authority-admin.service';

/** The chart part of administration (issue 15): its controllers and providers, registered by AppModule. */
export const chartControllers: Type<unknown>[] = [OrganizationsAdminController, ChartAdminController, DocumentKindsAdminController];
export const chartProviders: Provider[] = [
  AdminWrites,
  OrganizationsAdminService,
  ChartAdminService,
  DocumentKindsAdminService,
  SigningAuthorityAdminService,
  OrganizationAuditService,
];
