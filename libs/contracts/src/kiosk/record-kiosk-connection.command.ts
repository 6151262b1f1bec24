/** Socket-level liveness, sent by whichever instance holds the socket. */
export class RecordKioskConnectionCommand {
  constructor(
    readonly kioskId: number,
    readonly connectionId: string,
    readonly connected: boolean,
  ) {}
}
