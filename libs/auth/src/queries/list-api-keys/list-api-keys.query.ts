/** Live (not revoked) API keys, oldest first; never the key itself. */
export class ListApiKeysQuery {
  constructor(
    readonly limit: number,
    readonly cursor?: string,
  ) {}
}
