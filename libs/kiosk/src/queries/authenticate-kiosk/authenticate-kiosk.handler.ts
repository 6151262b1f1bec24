import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthenticateKioskQuery, AuthenticatedKiosk } from '@app/contracts';
import { KioskEntity } from '../../entities/kiosk.entity';
import { hashKioskSecret, kioskSecretMatches } from '../../services/kiosk-secrets';

const NO_SUCH_HASH = hashKioskSecret('no-such-kiosk');

/** Serial + secret → the kiosk, or null for a wrong secret, an unknown or a decommissioned kiosk. */
@QueryHandler(AuthenticateKioskQuery)
export class AuthenticateKioskHandler implements IQueryHandler<
  AuthenticateKioskQuery,
  AuthenticatedKiosk | null
> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ serial, secret }: AuthenticateKioskQuery): Promise<AuthenticatedKiosk | null> {
    const kiosk = await this.dataSource
      .getRepository(KioskEntity)
      .createQueryBuilder('k')
      .select(['k.id', 'k.serial', 'k.decommissionedAt'])
      .addSelect('k.secret_hash', 'secret_hash')
      .where('k.serial = :serial', { serial })
      .getRawAndEntities();
    const entity = kiosk.entities[0];
    const hash = (kiosk.raw[0] as { secret_hash?: Buffer } | undefined)?.secret_hash;
    // Compare even when the kiosk is unknown, so timing does not reveal which serials exist.
    const ok = kioskSecretMatches(secret, hash ?? NO_SUCH_HASH);
    if (!entity || !hash || !ok || entity.decommissionedAt) return null;
    return { id: entity.id, serial: entity.serial };
  }
}
