import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { PageQueryDto } from '@app/core';

/**
 * `rollout_kiosks.state` exactly as stored (migrations/*-create-rollouts): the list filters and
 * answers these, so what an operator reads is what the engine decided on.
 */
export const ROLLOUT_KIOSK_STATES = [
  'waiting',
  'commanded',
  'acked',
  'succeeded',
  'failed',
  'skipped',
] as const;
export type RolloutKioskState = (typeof ROLLOUT_KIOSK_STATES)[number];

/** A rollout has at most 20 waves (CreateRolloutDto.waves), indexed from 0. */
const MAX_WAVE_INDEX = 19;

const STATE_DESCRIPTION =
  '`waiting`: not commanded yet; `commanded`: the update was sent, no answer yet; `acked`: acked `success`, ' +
  'not yet back on the new version; `succeeded`: acked `success` and rejoined on the new version; `failed`: ' +
  'acked `error`, the command expired, or it came back on another version (see `detail`); `skipped`: never ' +
  'commanded, or its command cancelled, because the rollout ended first. A wave’s `pending` count is ' +
  '`waiting` + `commanded` + `acked`.';

export class ListRolloutKiosksQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    enum: ROLLOUT_KIOSK_STATES,
    enumName: 'RolloutKioskState',
    example: 'failed',
    description: `Only kiosks in this state. ${STATE_DESCRIPTION}`,
  })
  @IsOptional()
  @IsIn(ROLLOUT_KIOSK_STATES)
  status?: RolloutKioskState;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: MAX_WAVE_INDEX,
    example: 0,
    description: 'Only kiosks of this wave (its `index` in GET /rollouts/{id})',
  })
  @IsOptional()
  // Only plain digits become a number: `wave=`, `1e9`, `0x1` or `1.0` stay strings and fail @IsInt,
  // rather than Number() reading them as a wave nobody asked for.
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^[0-9]{1,10}$/.test(value) ? Number(value) : value,
  )
  @IsInt()
  @Min(0)
  @Max(MAX_WAVE_INDEX)
  wave?: number;
}

export class RolloutKioskDto {
  @ApiProperty({ example: 12 })
  kioskId: number;
  @ApiProperty({ example: 'KSK-000123' })
  serial: string;
  @ApiProperty({ example: 0, description: 'Index of the kiosk’s wave' })
  wave: number;
  @ApiProperty({
    enum: ROLLOUT_KIOSK_STATES,
    enumName: 'RolloutKioskState',
    example: 'failed',
    description: STATE_DESCRIPTION,
  })
  status: RolloutKioskState;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'the kiosk answered error: checksum mismatch',
    description:
      'Why the kiosk failed or was skipped (`the kiosk answered error: <the kiosk’s own message, at most 500 ' +
      'characters>`, or `the kiosk answered error` when it sent none; `the command expired before the kiosk ' +
      'answered`, `acked success but rejoined on 2.3.0`, `the command was cancelled`, …); null otherwise',
  })
  detail: string | null;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The `update` command sent to the kiosk (GET /commands/{id}); null while `waiting`',
  })
  commandId: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the kiosk joined reporting the rollout’s version; null until it did',
  })
  rejoinedAt: string | null;
  @ApiProperty({ format: 'date-time', description: 'When the kiosk’s state in the rollout last changed' })
  updatedAt: string;
}
