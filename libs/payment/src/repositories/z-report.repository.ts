import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryRecords } from '@app/database';

export interface ZReportWrite {
  kioskId: number;
  businessDate: string;
  timezone: string;
  /** JSON text of each column. */
  reported: string;
  recorded: string;
  mismatches: string;
}

/** The statements of the z-report aggregate (`payment_z_reports`, one per kiosk and business day). */
@Injectable()
export class ZReportRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Stores the day's report, replacing one sent before; `same` tells whether the earlier one
   * reported the same totals (null when there was none).
   */
  async upsert(z: ZReportWrite): Promise<{ id: string; same: boolean | null }> {
    const [stored] = await queryRecords<{ id: string; same: boolean | null }>(
      this.dataSource,
      `WITH old AS (SELECT reported FROM payment_z_reports WHERE kiosk_id = $1 AND business_date = $2::date)
       INSERT INTO payment_z_reports AS z (kiosk_id, business_date, timezone, reported, recorded, mismatches)
       VALUES ($1, $2::date, $3, $4::jsonb, $5::jsonb, $6::jsonb)
       ON CONFLICT (kiosk_id, business_date) DO UPDATE
         SET timezone = EXCLUDED.timezone, reported = EXCLUDED.reported, recorded = EXCLUDED.recorded,
             mismatches = EXCLUDED.mismatches, received_at = now()
       RETURNING z.id, (SELECT old.reported = $4::jsonb FROM old) AS same`,
      [z.kioskId, z.businessDate, z.timezone, z.reported, z.recorded, z.mismatches],
    );
    return stored;
  }
}
