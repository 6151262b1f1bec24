export class ListWebhooksQuery {
  constructor(
    readonly limit: number,
    readonly cursor?: string,
  ) {}
}
