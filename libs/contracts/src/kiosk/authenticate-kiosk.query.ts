/** The kiosk a socket handshake names, if its secret matches; null otherwise (never says why). */
export class AuthenticateKioskQuery {
  constructor(
    readonly serial: string,
    readonly secret: string,
  ) {}
}
export interface AuthenticatedKiosk {
  id: number;
  serial: string;
}
