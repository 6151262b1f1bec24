import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLLOUT_STATUSES, RolloutHold, RolloutStatus, RolloutWaveView } from '@app/contracts';
import { RolloutParamsDto, RolloutTargetDto } from './create-rollout.dto';

export class RolloutWaveDto implements RolloutWaveView {
  @ApiProperty({ example: 0 })
  index: number;
  @ApiProperty({ example: 3, description: 'Kiosks in the wave' })
  kiosks: number;
  @ApiProperty({ example: 2, description: 'Acked `success` and rejoined on the new version' })
  succeeded: number;
  @ApiProperty({
    example: 1,
    description:
      'Acked `error`, command expired, rejoined on another version, or not back within a day of acking',
  })
  failed: number;
  @ApiProperty({
    example: 0,
    description: 'Neither yet (kiosks never commanded because the rollout ended are not counted)',
  })
  pending: number;
  @ApiPropertyOptional({ format: 'date-time' })
  startedAt?: string;
  @ApiPropertyOptional({ format: 'date-time' })
  finishedAt?: string;
}

const HOLD_GUARDS = ['wait', 'wave_in_progress', 'maintenance_window', 'alerts', 'sales'] as const;

export class RolloutHoldDto implements RolloutHold {
  @ApiProperty({ enum: HOLD_GUARDS, example: 'wait' })
  guard: RolloutHold['guard'];
  @ApiProperty({ example: 'wave 1 starts 2026-12-07T16:00:00.000Z (waitSeconds after wave 0 finished)' })
  detail: string;
}

export class RolloutDto {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ example: 'Firmware 2.4.0, stations first' })
  name: string;
  @ApiProperty({ enum: ROLLOUT_STATUSES, enumName: 'RolloutStatus', example: 'draft' })
  status: RolloutStatus;
  @ApiProperty({ enum: ['update'], example: 'update' })
  command: 'update';
  @ApiProperty({ type: RolloutParamsDto })
  params: RolloutParamsDto;
  @ApiProperty({ type: RolloutTargetDto })
  target: RolloutTargetDto;
  @ApiProperty({ type: [Number], example: [10, 30, 60], description: 'Percent of the kiosks per wave' })
  wavePercents: number[];
  @ApiProperty({ example: 0.2 })
  failureThreshold: number;
  @ApiProperty({ example: 600 })
  waitSeconds: number;
  @ApiProperty({ example: false })
  respectMaintenanceWindows: boolean;
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 1,
    description: 'The wave in progress or next to start; null unless running or paused',
  })
  currentWave: number | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'wave 0: 2 of 5 kiosks failed (40 %), above the threshold 20 %',
  })
  reason: string | null;
  @ApiProperty({
    type: 'object',
    nullable: true,
    required: ['guard', 'detail'],
    properties: {
      guard: { type: 'string', enum: [...HOLD_GUARDS] },
      detail: { type: 'string' },
    },
    example: { guard: 'wave_in_progress', detail: 'wave 1 is in progress' },
    description:
      'While running, what the rollout waits for (the guard holding the next step); null otherwise. Same shape as RolloutHold.',
  })
  heldBy: RolloutHoldDto | null;
  @ApiProperty({ example: 30, description: 'Kiosks in the rollout' })
  kiosks: number;
  @ApiProperty({ type: [RolloutWaveDto] })
  waves: RolloutWaveDto[];
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  createdBy: string | null;
  @ApiProperty({ format: 'date-time' })
  createdAt: string;
  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  startedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  finishedAt: string | null;
}
