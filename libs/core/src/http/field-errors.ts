import { BadRequestException, HttpStatus } from '@nestjs/common';
import { ValidationError } from 'class-validator';

export interface FieldError {
  field: string;
  message: string;
}

/** Flattens nested class-validator errors into `{ field: "location.lat", message }` rows. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const field = parent ? `${parent}.${e.property}` : e.property;
    for (const message of Object.values(e.constraints ?? {})) {
      out.push({ field, message: message.replace(/^property (\S+) should not exist$/, 'unknown field') });
    }
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, field));
  }
  return out;
}

/** An HTTP error that carries field details through the exception filter. */
export class FieldValidationException extends BadRequestException {
  constructor(
    readonly details: FieldError[],
    message = 'Validation failed',
  ) {
    super({ statusCode: HttpStatus.BAD_REQUEST, error: 'Bad Request', message, details });
  }
}

export const validationExceptionFactory = (errors: ValidationError[]) =>
  new FieldValidationException(flattenValidationErrors(errors));
