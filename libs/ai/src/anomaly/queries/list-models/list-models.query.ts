/** The model registry, newest first (`GET /ai/models`). */
export class ListModelsQuery {
  constructor(
    readonly limit: number,
    readonly cursor: string | undefined,
  ) {}
}
