import { Transform } from 'class-transformer';
import { ValidateBy, ValidationOptions } from 'class-validator';
import { isIsoDay, isValidNip } from '@naskah/domain';

/** A NIP of 18 digits whose parts make sense (birth date, TMT CPNS, sex, sequence): libs/domain/src/nip.ts. */
export const IsNip = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isNip',
      validator: {
        validate: (v: unknown) => typeof v === 'string' && isValidNip(v),
        defaultMessage: () => 'NIP harus 18 digit angka yang sah (tanggal lahir, TMT CPNS, jenis kelamin, nomor urut)',
      },
    },
    options,
  );

/** A calendar day 'YYYY-MM-DD' that exists (no 2026-02-30). */
export const IsIsoDay = (field: string, options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isIsoDay',
      validator: { validate: (v: unknown) => isIsoDay(v), defaultMessage: () => `${field} harus berupa tanggal YYYY-MM-DD` },
    },
    options,
  );

/** Text without control characters. */
export const PLAIN_TEXT = /^[^\p{Cc}]*$/u;
/** Text without control characters that is not blank. */
export const NON_BLANK_TEXT = /^[^\p{Cc}]*[^\p{Cc}\s][^\p{Cc}]*$/u;

/** Trims a string value; anything else is left for the validators to refuse. */
export const Trimmed = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));
