import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '@app/core';
import { DatasetRepository } from '../../dataset-import/dataset.repository';
import { DatasetUploadMetrics } from '../../dataset-import/dataset-upload-metrics';
import { DatasetUploadDto } from '../../dto/dataset-upload.dto';
import { UploadDatasetCommand } from './upload-dataset.command';

/** What PostgreSQL text can hold and a listing can show: no control characters, no lone surrogates. */
function storableFileName(name: string): string {
  return (
    name
      .slice(0, 200)
      // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
      .replace(/[\u0000-\u001f\u007f]/g, '')
      .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
  );
}

/**
 * Keeps the accepted rows of a parsed upload (already normalised to the training format by the
 * parse worker) and reports the rest by line. A file with no usable row is refused (400).
 */
@CommandHandler(UploadDatasetCommand)
export class UploadDatasetHandler implements ICommandHandler<UploadDatasetCommand, DatasetUploadDto> {
  constructor(
    private readonly datasets: DatasetRepository,
    private readonly metrics: DatasetUploadMetrics,
  ) {}

  async execute({ fileName, parsed, uploadedBy }: UploadDatasetCommand): Promise<DatasetUploadDto> {
    if (parsed.accepted === 0) {
      this.metrics.refusedFor('no_valid_row');
      throw new DomainError(
        'invalid',
        'The file has no valid row',
        parsed.errors.slice(0, 20).map((e) => ({ field: `file:${e.row}`, message: e.message })),
      );
    }
    const row = await this.datasets.insert({
      fileName: storableFileName(fileName),
      uploadedBy,
      accepted: parsed.accepted,
      rejected: parsed.rejected,
      errors: parsed.errors,
      csv: parsed.csv,
    });
    this.metrics.acceptedOne();
    return { id: row.id, accepted: parsed.accepted, rejected: parsed.rejected, errors: parsed.errors };
  }
}
