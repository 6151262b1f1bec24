/** A tag's settings (admins; checked by the route); 404 when the tag has none. */
export class GetTagConfigQuery {
  constructor(readonly tag: string) {}
}
