import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { stringify } from 'csv-stringify/sync';
import { DataSource } from 'typeorm';
import { DomainError } from '@app/core';
import { FIELD_RANGES, parseDatasetCsv } from '@app/ml';
import { DatasetUploadDto } from '../../dto/dataset-upload.dto';
import { UploadDatasetCommand } from './upload-dataset.command';

const COLUMNS = [
  'serial',
  'timestamp',
  'sim_time',
  ...Object.keys(FIELD_RANGES),
  'printer_status',
  'cash_acceptor',
  'card_reader',
  'label',
];

/**
 * Validates every row on its own (the same parser training uses), keeps the good ones and reports
 * the rest by line. A file with no usable row, or without the required columns, is refused (400).
 */
@CommandHandler(UploadDatasetCommand)
export class UploadDatasetHandler implements ICommandHandler<UploadDatasetCommand, DatasetUploadDto> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ fileName, content, uploadedBy }: UploadDatasetCommand): Promise<DatasetUploadDto> {
    const parsed = parseDatasetCsv(content.toString('utf8'));
    if (parsed.rows.length === 0) {
      throw new DomainError(
        'invalid',
        'The file has no valid row',
        parsed.errors.slice(0, 20).map((e) => ({ field: `file:${e.row}`, message: e.message })),
      );
    }
    // Accepted rows are stored normalised (UTC ISO times, canonical labels), in the training format.
    const csv = stringify(
      parsed.rows.map((r) => ({
        serial: r.serial,
        timestamp: new Date(r.timestampMs).toISOString(),
        sim_time: new Date(r.trueTimeMs).toISOString(),
        ...r.reading,
        label: r.anomaly ? '1' : '0',
      })),
      { header: true, columns: COLUMNS },
    );
    const [row]: { id: string }[] = await this.dataSource.query(
      `INSERT INTO ai_datasets (file_name, uploaded_by, accepted, rejected, errors, csv)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [
        fileName.slice(0, 200),
        uploadedBy,
        parsed.rows.length,
        parsed.rejected,
        JSON.stringify(parsed.errors),
        csv,
      ],
    );
    return { id: row.id, accepted: parsed.rows.length, rejected: parsed.rejected, errors: parsed.errors };
  }
}
