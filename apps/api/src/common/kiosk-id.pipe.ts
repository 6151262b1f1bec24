import { BadRequestException, Injectable, PipeTransform } from '@nestjs/common';
import { notFound } from '@app/core';

const MAX_INT = 2_147_483_647;

/** Kiosk ids are positive 32-bit integers: anything else is a 400, a number beyond them cannot exist (404). */
@Injectable()
export class KioskIdPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    if (!/^[1-9][0-9]{0,15}$/.test(value)) {
      throw new BadRequestException({
        message: 'Invalid kiosk id',
        details: [{ field: 'id', message: 'id must be a positive integer' }],
      });
    }
    const id = Number(value);
    if (id > MAX_INT) throw notFound('Kiosk');
    return id;
  }
}
