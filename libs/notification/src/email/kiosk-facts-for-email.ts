import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { describeLocation } from './alert-email-template';

export interface KioskFacts {
  id: number;
  name: string;
  serial: string;
  location: string;
  tags: string[];
}

/**
 * The kiosk facts an email names, read from `kiosk_facts_v` (the kiosk module's read model): emails
 * are composed in the worker, where the kiosk module's query handlers are not mounted.
 */
@Injectable()
export class KioskFactsForEmail {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async describe(kioskId: number | null): Promise<KioskFacts | null> {
    if (kioskId === null) return null;
    const [k] = await this.dataSource.query(
      `SELECT id, name, serial, address, lat, lng, tags FROM kiosk_facts_v WHERE id = $1`,
      [kioskId],
    );
    if (!k) return null;
    return {
      id: k.id,
      name: k.name,
      serial: k.serial,
      location: describeLocation(k.address, k.lat, k.lng),
      tags: k.tags,
    };
  }
}
