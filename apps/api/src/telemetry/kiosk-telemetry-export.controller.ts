import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { Readable } from 'node:stream';
import { ApiErrorDto, CurrentUser, notFound } from '@app/core';
import { AuthenticatedUser, CanUserSeeKioskQuery } from '@app/contracts';
import { LongReads } from '@app/database';
import { ExportTelemetryQuery, TelemetryExportQueryDto } from '@app/telemetry';
import { ApiError, ApiErrors } from '../common/api-errors.decorator';
import { KioskIdPipe } from '../common/kiosk-id.pipe';
import { admitLongRead } from '../common/long-read';
import {
  sendTelemetryExport,
  TELEMETRY_EXPORT_EXAMPLES,
  telemetryExportFileName,
} from './telemetry-export-stream';

const errorExample = (statusCode: number, error: string, message: string, details: object[] = []) => ({
  value: { statusCode, error, message, details },
});

@ApiTags('kiosks')
@ApiBearerAuth()
@ApiExtraModels(ApiErrorDto)
@Controller('kiosks')
export class KioskTelemetryExportController {
  constructor(
    private readonly queries: QueryBus,
    private readonly longReads: LongReads,
  ) {}

  @Get(':id/telemetry/export')
  @ApiOperation({
    summary: 'Every raw reading of a kiosk over a range, streamed as CSV or NDJSON (data teams)',
    description:
      'Readings with `from` ≤ timestamp < `to` on the kiosk’s own clock (defaults as the telemetry query: the ' +
      'last hour; at most 31 days), ordered by (timestamp, id), every stored column. `ndjson`: one object per ' +
      'line, shaped as the raw telemetry items plus `anomalyScore` (absent peripherals, accuracy, score and extra ' +
      'omitted); timestamps keep microseconds when stored with them. `csv`: a header row, the same fields flattened ' +
      'to dotted columns (absent → empty cell), `extra` as JSON text, RFC 4180 quoting, and a text cell starting ' +
      "with `=`, `+`, `-`, `@`, tab or CR gets a leading `'`. Visibility as GET /kiosks/{id}/telemetry: operators " +
      'and viewers only their kiosks (404 otherwise). A long read: rows are read in keyset chunks of 1,000, each ' +
      'one statement under LONG_READ_STATEMENT_TIMEOUT_MS, and a slow reader holds no database connection; at ' +
      'most LONG_READS_PER_USER (2) telemetry exports per user and LONG_READS_PER_INSTANCE (4) per instance at ' +
      'once (more → 429 with `Retry-After`). A timeout before the first row is a 503; after it the response is ' +
      'cut short (no final chunk), never silently truncated.',
  })
  @ApiOkResponse({
    description: 'The readings, as an attachment named `kiosk-<id>-telemetry-<from>-<to>.<format>`',
    headers: {
      'Content-Disposition': {
        description: 'attachment; the file name carries the resolved bounds in ISO 8601 basic format',
        schema: {
          type: 'string',
          example: 'attachment; filename="kiosk-42-telemetry-20261125T090000Z-20261125T100000Z.csv"',
        },
      },
    },
    content: {
      'text/csv': { schema: { type: 'string' }, example: TELEMETRY_EXPORT_EXAMPLES.csv },
      'application/x-ndjson': {
        schema: {
          type: 'string',
          description:
            'One JSON object per line: a TelemetryPointDto plus `anomalyScore` (number) when stored',
        },
        example: TELEMETRY_EXPORT_EXAMPLES.ndjson,
      },
    },
  })
  @ApiResponse({
    status: 400,
    description:
      'Bad id, format, date, or range (`from` not before `to`, over 31 days); field problems in `details`',
    content: {
      'application/json': {
        schema: { $ref: getSchemaPath(ApiErrorDto) },
        examples: {
          format: errorExample(400, 'Bad Request', 'Validation failed', [
            { field: 'format', message: 'format must be one of the following values: csv, ndjson' },
          ]),
          range: errorExample(400, 'Bad Request', 'Invalid telemetry export range', [
            { field: 'to', message: 'an export may span at most 31 days' },
          ]),
        },
      },
    },
  })
  @ApiErrors(401, 404)
  @ApiResponse({
    status: 429,
    description:
      'Too many long reads: over LONG_READS_PER_USER telemetry exports for the caller or LONG_READS_PER_INSTANCE ' +
      'for this instance (defaults 2 and 4), or the caller’s REST budget is spent',
    headers: {
      'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' } },
    },
    content: {
      'application/json': {
        schema: { $ref: getSchemaPath(ApiErrorDto) },
        example: errorExample(
          429,
          'Too Many Requests',
          'At most 2 telemetry exports may run at once per user; retry when one has finished',
        ).value,
      },
    },
  })
  @ApiError(
    503,
    'The first chunk ran past LONG_READ_STATEMENT_TIMEOUT_MS (default 30 s), or no long-read connection came ' +
      'free as long; narrow the range',
  )
  async exportKioskTelemetry(
    @Param('id', KioskIdPipe) id: number,
    @Query() q: TelemetryExportQueryDto,
    @CurrentUser() user: AuthenticatedUser,
    @Res() res: Response,
  ): Promise<void> {
    if (!(await this.queries.execute<CanUserSeeKioskQuery, boolean>(new CanUserSeeKioskQuery(user, id)))) {
      throw notFound('Kiosk');
    }
    // A bad range is a 400 here, before a place is taken.
    const query = ExportTelemetryQuery.of(id, q);
    admitLongRead(this.longReads, 'telemetry_export', user, res);
    const points = await this.queries.execute<ExportTelemetryQuery, Readable>(query);
    sendTelemetryExport(res, q.format, telemetryExportFileName(id, query, q.format), points);
  }
}
