import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Batcher } from '@app/core';
import { queryRecords } from '@app/database';

/** What a handshake needs to know of a kiosk. */
export interface KioskCredentials {
  id: number;
  serial: string;
  secretHash: Buffer;
  decommissioned: boolean;
}

/** A reconnect storm's handshakes look their kiosks up in batches this large, two at a time. */
const BATCH_SIZE = 1_000;
const BATCHES_IN_FLIGHT = 2;

/**
 * Looks kiosks up by serial for the handshake. The handshakes of a tick share one statement:
 * after a blip thousands of kiosks reconnect within a second, and a query each would queue ahead
 * of every telemetry write on the pool.
 */
@Injectable()
export class KioskCredentialsReader {
  private readonly lookups = new Batcher<string, KioskCredentials | undefined>(
    (serials) => this.read(serials),
    BATCH_SIZE,
    BATCHES_IN_FLIGHT,
  );

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  bySerial(serial: string): Promise<KioskCredentials | undefined> {
    return this.lookups.submit(serial);
  }

  private async read(serials: string[]): Promise<Array<KioskCredentials | undefined>> {
    const rows = await queryRecords<{
      id: number;
      serial: string;
      secret_hash: Buffer;
      decommissioned: boolean;
    }>(
      this.dataSource,
      `SELECT id, serial, secret_hash, decommissioned_at IS NOT NULL AS decommissioned
         FROM kiosks WHERE serial = ANY($1::text[])`,
      [[...new Set(serials)]],
    );
    const bySerial = new Map(
      rows.map((r) => [
        r.serial,
        { id: r.id, serial: r.serial, secretHash: r.secret_hash, decommissioned: r.decommissioned },
      ]),
    );
    return serials.map((s) => bySerial.get(s));
  }
}
