import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags, type SchemaObject } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { MetricsService, Public } from '@app/core';
import { ApiError } from '../common/api-errors.decorator';
import { DatabaseHealthIndicator } from './database.health';
import { RedisHealthIndicator } from './redis.health';

const up = (extra: Record<string, SchemaObject> = {}): SchemaObject => ({
  type: 'object',
  properties: { status: { type: 'string', enum: ['up'] }, ...extra },
  required: ['status', ...Object.keys(extra)],
  additionalProperties: false,
});

/** Both indicators up: the database check adds nothing, the Redis one its round trip. */
const INDICATORS_UP: SchemaObject = {
  type: 'object',
  properties: {
    database: up(),
    redis: up({ latencyMs: { type: 'integer', minimum: 0, description: 'PING round trip' } }),
  },
  required: ['database', 'redis'],
  additionalProperties: false,
};

/** What terminus answers when every indicator is up. */
const READY_SCHEMA: SchemaObject = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['ok'] },
    info: INDICATORS_UP,
    // Terminus answers 200 only when no indicator failed, so `error` is always empty here.
    error: { type: 'object', properties: {}, additionalProperties: false },
    details: INDICATORS_UP,
  },
  required: ['status', 'info', 'error', 'details'],
  example: {
    status: 'ok',
    info: { database: { status: 'up' }, redis: { status: 'up', latencyMs: 1 } },
    error: {},
    details: { database: { status: 'up' }, redis: { status: 'up', latencyMs: 1 } },
  },
};

@ApiTags('operations')
@Public()
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: DatabaseHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    private readonly metrics: MetricsService,
  ) {}

  @Get('health/live')
  @ApiOperation({ summary: 'Liveness: the process is up and serving' })
  @ApiOkResponse({
    schema: {
      type: 'object',
      properties: { status: { type: 'string', enum: ['ok'] } },
      required: ['status'],
      example: { status: 'ok' },
    },
  })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('health/ready')
  // Terminus' own Swagger 503 is its result object; the exception filter sends the error shape.
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOperation({ summary: 'Readiness: PostgreSQL and Redis answer' })
  @ApiOkResponse({ schema: READY_SCHEMA })
  @ApiError(503, 'PostgreSQL or Redis does not answer', undefined, {
    message: 'Service Unavailable Exception',
    details: [],
  })
  ready(): Promise<HealthCheckResult> {
    return this.health.check([() => this.db.isHealthy('database'), () => this.redis.isHealthy('redis')]);
  }

  @Get('metrics')
  @Header('Cache-Control', 'no-store')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({ summary: 'Prometheus metrics (text exposition format)' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ schema: { type: 'string', example: '# HELP http_request_duration_seconds …' } })
  async metricsText(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
