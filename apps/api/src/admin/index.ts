import type { Provider, Type } from '@nestjs/common';
import { AdminAccess } from './admin-access';
import { chartControllers, chartProviders } from './chart';
import { filesControllers, filesProviders } from './files';
import { peopleControllers, peopleProviders } from './people';

/**
 * Administration (issue 15), in three parts: the chart (organisation settings, units, positions,
 * document kinds, the authority table, the trail), the people (officials, their import, assignments,
 * stuck steps) and the organisation files (YAML import and export).
 */
export const adminControllers: Type<unknown>[] = [...chartControllers, ...peopleControllers, ...filesControllers];
export const adminProviders: Provider[] = [AdminAccess, ...chartProviders, ...peopleProviders, ...filesProviders];
export { AdminAccess, assertMayManageAccount, isCityAdmin, isOrgAdmin } from './admin-access';
