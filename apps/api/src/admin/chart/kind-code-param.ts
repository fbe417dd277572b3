import { PipeTransform } from '@nestjs/common';
import { CODE_MAX, KIND_CODE_PATTERN } from '@naskah/domain';
import { InvalidInputException } from '../../common/validation';

/** A path parameter naming a document kind by code (NOTA_DINAS): anything else is a 400 naming the field. */
export const kindCodeParam = (field: string): PipeTransform<string, string> => ({
  transform(value: string): string {
    if (typeof value !== 'string' || value.length > CODE_MAX || !KIND_CODE_PATTERN.test(value)) {
      throw new InvalidInputException([{ field, reasons: ['harus berupa kode jenis naskah (huruf kapital dan garis bawah)'] }]);
    }
    return value;
  },
});
