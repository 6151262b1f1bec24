/** One live API key's record (404 once revoked); never the key itself. */
export class GetApiKeyQuery {
  constructor(readonly apiKeyId: string) {}
}
