import { applyDecorators } from '@nestjs/common';
import { IsString, Matches, MaxLength, registerDecorator, ValidateIf, ValidationArguments } from 'class-validator';
import { CHART_CODE_PATTERN, CODE_MAX, numberTemplateProblems } from '@naskah/domain';

/** One line of text: not blank, no control characters, at most `max` characters. */
export const Line = (label: string, max: number) =>
  applyDecorators(
    IsString({ message: `${label} harus berupa teks` }),
    Matches(/^[^\p{Cc}]*[^\p{Cc}\s][^\p{Cc}]*$/u, { message: `${label} wajib diisi, tanpa karakter kendali` }),
    MaxLength(max, { message: `${label} paling panjang ${max} karakter` }),
  );

/** A code of the chart (organisation, unit, position): printed in letter numbers, so capitals, digits and single separators. */
export const ChartCode = (label: string) =>
  applyDecorators(
    IsString({ message: `${label} harus berupa teks` }),
    Matches(CHART_CODE_PATTERN, { message: `${label} hanya huruf kapital dan angka, dipisah satu tanda - atau _` }),
    MaxLength(CODE_MAX, { message: `${label} paling panjang ${CODE_MAX} karakter` }),
  );

/** Absent leaves the value as it is; null is validated (and refused) like any other value. */
export const Absent = () => ValidateIf((_: object, v: unknown) => v !== undefined);

/** Absent or null: both skip validation (null clears a nullable column). */
export const AbsentOrNull = () => ValidateIf((_: object, v: unknown) => v !== undefined && v !== null);

/** A letter-number template that formatLetterNumber fills completely (libs/domain/src/org-admin.ts). */
export function IsNumberTemplate() {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isNumberTemplate',
      target: object.constructor,
      propertyName,
      validator: {
        validate: (v: unknown) => typeof v === 'string' && numberTemplateProblems(v).length === 0,
        defaultMessage: (args?: ValidationArguments) =>
          typeof args?.value === 'string'
            ? `templat nomor tidak sah: ${numberTemplateProblems(args.value).join('; ')}`
            : 'templat nomor harus berupa teks',
      },
    });
}
