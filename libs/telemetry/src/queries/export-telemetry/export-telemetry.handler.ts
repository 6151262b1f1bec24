import type { Readable } from 'node:stream';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { KeysetStream, LongReads } from '@app/database';
import type { TelemetryExportPointDto } from '../../dto/telemetry-export.dto';
import { ExportTelemetryQuery } from './export-telemetry.query';
import { telemetryExportChunkSql, TelemetryExportRow, toExportPoint } from './telemetry-export-rows';

/** Readings per keyset query: one short statement each, a few hundred KB of CSV. */
export const TELEMETRY_EXPORT_CHUNK_ROWS = 1_000;

/**
 * The readings as an object stream of export points (TelemetryExportPointDto). Each chunk is one
 * statement on the long-read pool (statement timeout, connection given back before the rows are
 * pushed); the next one runs only once the reader has taken the rows before it.
 */
@QueryHandler(ExportTelemetryQuery)
export class ExportTelemetryHandler implements IQueryHandler<ExportTelemetryQuery, Readable> {
  constructor(private readonly longReads: LongReads) {}

  async execute(q: ExportTelemetryQuery): Promise<Readable> {
    // The first chunk is read before the response starts: a timeout there is still a clean 503.
    const first = await this.chunk(q);
    return new KeysetStream<TelemetryExportRow, TelemetryExportPointDto>({
      first,
      next: (last) => this.chunk(q, last),
      chunkRows: TELEMETRY_EXPORT_CHUNK_ROWS,
      map: toExportPoint,
    });
  }

  private chunk(q: ExportTelemetryQuery, after?: TelemetryExportRow): Promise<TelemetryExportRow[]> {
    const { sql, params } = telemetryExportChunkSql(q.kioskId, q, TELEMETRY_EXPORT_CHUNK_ROWS, after);
    return this.longReads.query<TelemetryExportRow>(sql, params);
  }
}
