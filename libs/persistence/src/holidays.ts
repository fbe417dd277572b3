import { Between, EntityManager } from 'typeorm';
import { wibDay } from '@naskah/domain';
import { OrganizationHolidayEntity } from './entities';

/** How far ahead a chain is given the office's holidays: a step waits months at most, and a list edited later reaches it (setHolidays). */
export const HOLIDAY_HORIZON_DAYS = 400;

/** The office's holidays from today (WIB) to the horizon, as the workflow takes them: sorted 'YYYY-MM-DD'. */
export async function upcomingHolidays(m: EntityManager, organizationId: string, now = Date.now()): Promise<string[]> {
  const rows = await m.find(OrganizationHolidayEntity, {
    where: { organizationId, day: Between(wibDay(now), wibDay(now + HOLIDAY_HORIZON_DAYS * 86_400_000)) },
    select: { day: true },
    order: { day: 'ASC' },
  });
  return rows.map((r) => r.day);
}
