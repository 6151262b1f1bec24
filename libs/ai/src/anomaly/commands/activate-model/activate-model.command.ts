/** Makes a model of the registry the active one, on every instance (`POST /ai/models/{version}/activate`). */
export class ActivateModelCommand {
  constructor(
    readonly version: string,
    readonly actorId: string,
  ) {}
}
