/** `GET /rollouts`: newest first, keyset-paginated. */
export class ListRolloutsQuery {
  constructor(
    readonly limit: number,
    readonly cursor?: string,
  ) {}
}
