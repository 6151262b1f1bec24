import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsDateString,
  IsDefined,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { ALERT_SEVERITIES, AlertSeverity } from '@app/contracts';
import type { Condition } from '../conditions/condition';
import type { ScopeKind } from '../conditions/rule-evaluator';
import { CONDITION_SCHEMA } from './condition.schema';
import type { AlertRule } from '../rules/alert-rule';

const SCOPE_KINDS = ['all', 'tag', 'kiosk'] as const;

const CONDITION_DESCRIPTION =
  'One clause, or `{all: [clause…]}` / `{any: [clause…]}` of field clauses. A clause is ' +
  '`{field, op, value}` on a kiosk wire telemetry path (e.g. `hardware.cpu_temp`, `peripherals.printer_status`; ' +
  'op `> >= < <= == !=`, peripherals `==`/`!=` only), `{liveness: "stale"|"offline", forSeconds}`, or ' +
  '`{event: "payment_failed", method?, count, withinSeconds}` (liveness and rate clauses stand alone). ' +
  'An unknown field or operator is a 400 naming it.';

export class RuleScopeDto {
  @ApiProperty({ enum: SCOPE_KINDS, example: 'tag' })
  @IsIn(SCOPE_KINDS)
  kind: ScopeKind;

  @ApiPropertyOptional({
    oneOf: [{ type: 'string' }, { type: 'integer' }],
    example: 'station-north',
    description: 'The tag (kind `tag`) or kiosk id (kind `kiosk`); absent for `all`',
  })
  @IsOptional()
  value?: string | number;
}

export class CreateAlertRuleDto {
  @ApiProperty({ example: 'CPU temperature high', maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: ALERT_SEVERITIES, enumName: 'AlertSeverity', example: 'major' })
  @IsIn(ALERT_SEVERITIES)
  severity: AlertSeverity;

  @ApiPropertyOptional({ default: true, example: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiProperty({ type: RuleScopeDto })
  @ValidateNested()
  @Type(() => RuleScopeDto)
  scope: RuleScopeDto;

  @ApiProperty({
    ...CONDITION_SCHEMA,
    description: CONDITION_DESCRIPTION,
    example: { field: 'hardware.cpu_temp', op: '>', value: 85 },
  })
  @IsDefined()
  @IsObject()
  condition: Record<string, unknown>;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: 86400,
    default: 0,
    example: 60,
    description: 'Telemetry rules: the condition must hold this long (kiosk clock) before an alert opens',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(86400)
  forSeconds?: number;
}

export class UpdateAlertRuleDto {
  @ApiPropertyOptional({ example: 'CPU temperature high', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ enum: ALERT_SEVERITIES, enumName: 'AlertSeverity', example: 'critical' })
  @IsOptional()
  @IsIn(ALERT_SEVERITIES)
  severity?: AlertSeverity;

  @ApiPropertyOptional({ example: false })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ type: RuleScopeDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => RuleScopeDto)
  scope?: RuleScopeDto;

  @ApiPropertyOptional({
    ...CONDITION_SCHEMA,
    description: CONDITION_DESCRIPTION,
    example: { field: 'hardware.cpu_temp', op: '>', value: 90 },
  })
  @IsOptional()
  @IsObject()
  condition?: Record<string, unknown>;

  @ApiPropertyOptional({ minimum: 0, maximum: 86400, example: 120 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(86400)
  forSeconds?: number;
}

export class RuleScopeViewDto {
  @ApiProperty({ enum: SCOPE_KINDS })
  kind: ScopeKind;

  @ApiPropertyOptional({ oneOf: [{ type: 'string' }, { type: 'integer' }] })
  value?: string | number;
}

export class AlertRuleDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'CPU temperature high' })
  name: string;

  @ApiProperty({ enum: ALERT_SEVERITIES, enumName: 'AlertSeverity', example: 'major' })
  severity: AlertSeverity;

  @ApiProperty({ example: true })
  enabled: boolean;

  @ApiProperty({ type: RuleScopeViewDto })
  scope: RuleScopeViewDto;

  @ApiProperty({ ...CONDITION_SCHEMA, description: CONDITION_DESCRIPTION })
  condition: Condition;

  @ApiProperty({ example: 60 })
  forSeconds: number;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;

  static from(r: AlertRule): AlertRuleDto {
    const scope: RuleScopeViewDto = { kind: r.scope.kind };
    if (r.scope.value !== null)
      scope.value = r.scope.kind === 'kiosk' ? Number(r.scope.value) : r.scope.value;
    return {
      id: r.id,
      name: r.name,
      severity: r.severity,
      enabled: r.enabled,
      scope,
      condition: r.condition,
      forSeconds: r.forSeconds,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
    };
  }
}

export class BacktestDto {
  @ApiProperty({ format: 'date-time', example: '2026-11-24T00:00:00Z' })
  @IsDateString({ strict: true })
  from: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-25T00:00:00Z' })
  @IsDateString({ strict: true })
  to: string;
}

export class BacktestKioskDto {
  @ApiProperty({ example: 1 })
  kioskId: number;

  @ApiProperty({ example: 2, description: 'Alerts the rule would have opened for this kiosk' })
  count: number;

  @ApiProperty({ format: 'date-time', description: 'When the first of them would have opened (kiosk clock)' })
  firstAt: string;
}

export class BacktestResultDto {
  @ApiProperty({ example: 3, description: 'Alerts the rule would have opened in the range, all kiosks' })
  wouldRaise: number;

  @ApiProperty({ type: [BacktestKioskDto] })
  kiosks: BacktestKioskDto[];
}
