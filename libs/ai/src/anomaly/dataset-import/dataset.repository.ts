import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryRecords } from '@app/database';

/** The statements of the uploaded-dataset aggregate (`ai_datasets`); the upload handler calls them. */
@Injectable()
export class DatasetRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(d: {
    fileName: string;
    uploadedBy: string;
    accepted: number;
    rejected: number;
    errors: unknown;
    csv: string;
  }): Promise<{ id: string }> {
    const [row] = await queryRecords<{ id: string }>(
      this.dataSource,
      `INSERT INTO ai_datasets (file_name, uploaded_by, accepted, rejected, errors, csv)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [d.fileName, d.uploadedBy, d.accepted, d.rejected, JSON.stringify(d.errors), d.csv],
    );
    return row;
  }
}
