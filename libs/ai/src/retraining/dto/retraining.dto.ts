import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import type { RetrainingDataSource } from '@app/contracts';

export const RETRAINING_DATA_SOURCES: readonly RetrainingDataSource[] = ['synthetic', 'real', 'mixed'];

export class RetrainModelDto {
  @ApiProperty({
    enum: RETRAINING_DATA_SOURCES,
    description:
      '`synthetic`: the simulator’s fleet only (operators may ask for this); `real`: the fleet’s judged history and ' +
      'uploaded datasets; `mixed`: both (admins only for `real` and `mixed`).',
  })
  @IsIn(RETRAINING_DATA_SOURCES)
  dataSource: RetrainingDataSource;
}

export class RetrainingAcceptedDto {
  @ApiProperty({ example: '17' })
  jobId: string;

  @ApiProperty({
    example: false,
    description:
      'true when a retraining on the same `dataSource` was already waiting or running: `jobId` is that job ' +
      '(whoever asked for it), and no second job was queued',
  })
  deduplicated: boolean;
}

export class RetrainingResultDto {
  @ApiProperty({ example: 'anomaly-r17-20261125T140102' })
  version: string;

  @ApiProperty({ description: 'Whether the candidate became the active model' })
  promoted: boolean;

  @ApiProperty({ example: "F1 0.9012 is below the active model's 0.9731 by more than 0.01" })
  reason: string;
}

export class RetrainingJobDto {
  @ApiProperty({ example: '17' })
  id: string;

  @ApiProperty({ enum: ['waiting', 'active', 'completed', 'failed'] })
  state: 'waiting' | 'active' | 'completed' | 'failed';

  @ApiProperty({ minimum: 0, maximum: 100, example: 42 })
  progress: number;

  @ApiProperty({ example: 'training gradient_boosted_trees' })
  stage: string;

  @ApiPropertyOptional({
    example: 'validation log loss 0.0812',
    description: 'Metrics so far, while training',
  })
  detail?: string;

  @ApiPropertyOptional({ type: RetrainingResultDto })
  result?: RetrainingResultDto;

  @ApiPropertyOptional({ description: 'Why the job failed, when it did' })
  error?: string;
}
