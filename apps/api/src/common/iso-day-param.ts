import { PipeTransform } from '@nestjs/common';
import { isIsoDay } from '@naskah/domain';
import { InvalidInputException } from './validation';

/** A path parameter that must be a calendar day 'YYYY-MM-DD': anything else is a 400 naming the field. */
export const isoDayParam = (field: string): PipeTransform<string, string> => ({
  transform(value: string): string {
    if (!isIsoDay(value)) throw new InvalidInputException([{ field, reasons: ['harus berupa tanggal YYYY-MM-DD'] }]);
    return value;
  },
});
