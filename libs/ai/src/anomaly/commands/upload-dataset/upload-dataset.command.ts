/** Stores the valid rows of an uploaded labelled CSV for the next retraining (`POST /ai/datasets`). */
export class UploadDatasetCommand {
  constructor(
    readonly fileName: string,
    readonly content: Buffer,
    readonly uploadedBy: string,
  ) {}
}
