import type { Provider, Type } from '@nestjs/common';
import { AssignmentsController } from './assignments.controller';
import { AssignmentsService } from './assignments.service';
import { OfficialsAdminController } from './officials-admin.controller';
import { OfficialsAdminService } from './officials-admin.service';
import { OfficialsImportService } from './officials-import.service';
import { PeopleAccess } from './people-access';

/** The people part of administration (issue 15): officials, their CSV import, assignments and mutasi, stuck steps. */
export const peopleControllers: Type<unknown>[] = [OfficialsAdminController, AssignmentsController];
export const peopleProviders: Provider[] = [PeopleAccess, OfficialsAdminService, OfficialsImportService, AssignmentsService];
export { PeopleAccess } from './people-access';
