import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { encodeCursor } from '@app/core';
import { LongReads } from '@app/database';
import type { StoredTelemetryRow } from '@app/contracts';
import {
  TelemetryBucketDto,
  TelemetryBucketPageDto,
  TelemetryPointDto,
  TelemetryRawPageDto,
} from '../../dto/telemetry.dto';
import { GetTelemetryQuery } from './get-telemetry.query';
import { toTelemetryPoint } from '../telemetry-point';
import { AGGREGATED_FIELDS, bucketTelemetrySql, rawTelemetrySql } from './telemetry-sql';
import { BUCKET_WIDTH, isLongRange, resolveTelemetryWindow } from './telemetry-window';

interface RawRow extends StoredTelemetryRow {
  row_id: string;
  ts_us: string;
  extra: Record<string, unknown> | null;
}

type BucketRow = { bucket_us: string; bucket_start: Date; count: number } & Record<string, number>;

@QueryHandler(GetTelemetryQuery)
export class GetTelemetryHandler implements IQueryHandler<
  GetTelemetryQuery,
  TelemetryRawPageDto | TelemetryBucketPageDto
> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly longReads: LongReads,
  ) {}

  async execute(q: GetTelemetryQuery): Promise<TelemetryRawPageDto | TelemetryBucketPageDto> {
    const window = resolveTelemetryWindow(q, new Date());
    // Over a day, the statement runs under the long-read statement timeout.
    const run = isLongRange(window)
      ? <R>(sql: string, params: unknown[]) => this.longReads.query<R>(sql, params)
      : <R>(sql: string, params: unknown[]) => this.dataSource.query<R[]>(sql, params);
    if (q.bucket === 'raw') {
      const { sql, params } = rawTelemetrySql(q.kioskId, window);
      const rows = await run<RawRow>(sql, params);
      return page(rows, window.limit, toPoint, (r) => encodeCursor({ k: r.ts_us, id: r.row_id }));
    }
    const bucket = q.bucket;
    const { sql, params } = bucketTelemetrySql(q.kioskId, bucket, window);
    const rows = await run<BucketRow>(sql, params);
    const widthMicros = BigInt(BUCKET_WIDTH[bucket].ms) * 1000n;
    return page(rows, window.limit, toBucket, (r) =>
      encodeCursor({ k: (BigInt(r.bucket_us) + widthMicros).toString(), id: bucket }),
    );
  }
}

function page<R, T>(rows: R[], limit: number, map: (r: R) => T, cursorAfter: (r: R) => string) {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  const last = kept[kept.length - 1];
  return { items: kept.map(map), nextCursor: more && last ? cursorAfter(last) : null };
}

const rawTimes = (r: RawRow) => ({ timestamp: r.ts.toISOString(), receivedAt: r.received_at.toISOString() });

function toPoint(r: RawRow): TelemetryPointDto {
  return toTelemetryPoint(r, rawTimes);
}

function toBucket(r: BucketRow): TelemetryBucketDto {
  const out: Record<string, unknown> = { bucketStart: r.bucket_start.toISOString(), count: r.count };
  for (const [name] of AGGREGATED_FIELDS) {
    out[name] = { avg: r[`${name}_avg`], min: r[`${name}_min`], max: r[`${name}_max`] };
  }
  return out as unknown as TelemetryBucketDto;
}
