import type { DataSource } from 'typeorm';
import { queryRecords } from '@app/database';

/** The SQL of the uploaded-dataset aggregate (`ai_datasets`); the upload handler calls it. */
export async function insertDataset(
  db: DataSource,
  d: {
    fileName: string;
    uploadedBy: string;
    accepted: number;
    rejected: number;
    errors: unknown;
    csv: string;
  },
): Promise<{ id: string }> {
  const [row] = await queryRecords<{ id: string }>(
    db,
    `INSERT INTO ai_datasets (file_name, uploaded_by, accepted, rejected, errors, csv)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [d.fileName, d.uploadedBy, d.accepted, d.rejected, JSON.stringify(d.errors), d.csv],
  );
  return row;
}
