import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { AuthenticateKioskQuery, AuthenticatedKiosk } from '@app/contracts';
import { KioskCredentialsReader } from '../../services/kiosk-credentials';
import { hashKioskSecret, kioskSecretMatches } from '../../services/kiosk-secrets';

const NO_SUCH_HASH = hashKioskSecret('no-such-kiosk');

/** Serial + secret → the kiosk, or null for a wrong secret, an unknown or a decommissioned kiosk. */
@QueryHandler(AuthenticateKioskQuery)
export class AuthenticateKioskHandler implements IQueryHandler<
  AuthenticateKioskQuery,
  AuthenticatedKiosk | null
> {
  constructor(private readonly credentials: KioskCredentialsReader) {}

  async execute({ serial, secret }: AuthenticateKioskQuery): Promise<AuthenticatedKiosk | null> {
    const kiosk = await this.credentials.bySerial(serial);
    // Compare even when the kiosk is unknown, so timing does not reveal which serials exist.
    const ok = kioskSecretMatches(secret, kiosk?.secretHash ?? NO_SUCH_HASH);
    if (!kiosk || !ok || kiosk.decommissioned) return null;
    return { id: kiosk.id, serial: kiosk.serial };
  }
}
