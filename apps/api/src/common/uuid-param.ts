import { ParseUUIDPipe } from '@nestjs/common';
import { InvalidInputException } from './validation';

/** A path parameter that must be a UUID: anything else is a 400 naming the field. */
export const uuidParam = (field: string) =>
  new ParseUUIDPipe({
    exceptionFactory: () => new InvalidInputException([{ field, reasons: ['harus berupa UUID'] }]),
  });
