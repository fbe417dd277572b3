import type { Provider, Type } from '@nestjs/common';
import { OrganizationFilesController } from './organization-files.controller';
import { OrganizationFilesService } from './organization-files.service';

/** The files part of administration (issue 15): a whole organisation imported from, and exported as, one YAML file. */
export const filesControllers: Type<unknown>[] = [OrganizationFilesController];
export const filesProviders: Provider[] = [OrganizationFilesService];
