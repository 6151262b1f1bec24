import type { ParsedDatasetFile } from '../../dataset-import/dataset-csv-parser';

/**
 * Stores the valid rows of an uploaded labelled CSV for the next retraining (`POST /ai/datasets`).
 * The file was parsed and validated off the event loop (DatasetParserPool) before this is sent.
 */
export class UploadDatasetCommand {
  constructor(
    readonly fileName: string,
    readonly parsed: ParsedDatasetFile,
    readonly uploadedBy: string,
  ) {}
}
