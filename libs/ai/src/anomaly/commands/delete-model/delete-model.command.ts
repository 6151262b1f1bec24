/** Deletes a model that is not active (`DELETE /ai/models/{version}`). */
export class DeleteModelCommand {
  constructor(readonly version: string) {}
}
