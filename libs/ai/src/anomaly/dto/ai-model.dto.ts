import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { StoredModel } from '../services/model-registry';

export class ModelMetricsDto {
  @ApiProperty({ example: 0.993 })
  precision: number;
  @ApiProperty({ example: 0.982 })
  recall: number;
  @ApiProperty({ example: 0.988 })
  f1: number;
  @ApiProperty({
    type: 'number',
    nullable: true,
    example: 0.994,
    description: 'null when the test set lacks one of the classes (undefined there)',
  })
  rocAuc: number | null;
  @ApiProperty({
    type: 'number',
    nullable: true,
    example: 0.996,
    description: 'null when the test set holds no anomaly (undefined there)',
  })
  prAuc: number | null;
  @ApiProperty({ example: 0.0056 })
  falsePositiveRate: number;
}

/** A model of the registry (CONTRACT.md §6 "AI"); the ONNX bytes and full card stay server-side. */
export class AiModelDto {
  @ApiProperty({ example: 'anomaly-baseline-20261125T122921' })
  version: string;

  @ApiProperty({ example: 'gradient_boosted_trees', enum: ['logistic_regression', 'gradient_boosted_trees'] })
  algorithm: string;

  @ApiProperty({ enum: ['candidate', 'active', 'retired'] })
  status: string;

  @ApiProperty({ type: ModelMetricsDto, description: 'Held-out test metrics at the model’s threshold' })
  metrics: ModelMetricsDto;

  @ApiProperty({ example: 0.348 })
  threshold: number;

  @ApiProperty({ example: '91f618d7f320f22b' })
  featureSpecHash: string;

  @ApiProperty({ example: '2026-11-25T12:29:21.412Z' })
  createdAt: string;

  @ApiPropertyOptional({ example: 'baseline', description: 'Who or what created it' })
  createdBy: string;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'Why it is not active, when it is not' })
  reason: string | null;

  static from(m: StoredModel): AiModelDto {
    const { precision, recall, f1, rocAuc, prAuc, falsePositiveRate } = m.metrics;
    return {
      version: m.version,
      algorithm: m.algorithm,
      status: m.status,
      // NaN (a class missing from the test set) would reach JSON as null anyway: say so in the type.
      metrics: {
        precision,
        recall,
        f1,
        rocAuc: Number.isNaN(rocAuc) ? null : rocAuc,
        prAuc: Number.isNaN(prAuc) ? null : prAuc,
        falsePositiveRate,
      },
      threshold: m.threshold,
      featureSpecHash: m.featureSpecHash,
      createdAt: m.createdAt.toISOString(),
      createdBy: m.createdBy,
      reason: m.reason,
    };
  }
}
