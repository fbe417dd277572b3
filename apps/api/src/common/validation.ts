import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldErrorDto } from './error-response';

function flatten(errors: ValidationError[], prefix = ''): FieldErrorDto[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = e.constraints
      ? [
          {
            field,
            reasons: Object.entries(e.constraints).map(([k, v]) => (k === 'whitelistValidation' ? 'isian ini tidak dikenal' : v)),
          },
        ]
      : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

export class InvalidInputException extends BadRequestException {
  constructor(readonly errors: FieldErrorDto[]) {
    super({ code: 'INVALID_INPUT', message: 'Isian tidak valid', errors });
  }
}

/** The one global pipe (STYLE §6), registered as APP_PIPE so test apps get it too. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new InvalidInputException(flatten(errors)),
  });
}
