import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { queryRecords } from '@app/database';
import { KioskEntity } from '../entities/kiosk.entity';

export interface NewKiosk {
  serial: string;
  name: string;
  code: string;
  secretHash: Buffer;
  lat: number;
  lng: number;
  address: string | null;
  tags: string[];
}

/**
 * The statements of the kiosk aggregate (`kiosks`: identity, claim code, secret, assignment, site,
 * tags): the registry's handlers decide (who may, what changes, which event), these read and write.
 * `manager` is the transaction a handler runs the statement in.
 */
@Injectable()
export class KioskRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The new kiosk's id; undefined when its serial is taken or its code already drawn (ON CONFLICT on
   * the serial only, so the caller tells the two apart).
   */
  async insert(k: NewKiosk, manager?: EntityManager): Promise<number | undefined> {
    const [row] = await queryRecords<{ id: number }>(
      manager ?? this.dataSource,
      `INSERT INTO kiosks (serial, name, code, secret_hash, lat, lng, address, tags)
           SELECT $1, $2, $3, $4, $5, $6, $7, $8
            WHERE NOT EXISTS (SELECT 1 FROM kiosks WHERE code = $3)
           ON CONFLICT (serial) DO NOTHING
           RETURNING id`,
      [k.serial, k.name, k.code, k.secretHash, k.lat, k.lng, k.address, k.tags],
    );
    return row?.id;
  }

  serialTaken(serial: string, manager?: EntityManager): Promise<boolean> {
    return (manager ?? this.dataSource).getRepository(KioskEntity).existsBy({ serial });
  }

  exists(id: number, manager?: EntityManager): Promise<boolean> {
    return (manager ?? this.dataSource).getRepository(KioskEntity).existsBy({ id });
  }

  find(id: number, manager?: EntityManager): Promise<KioskEntity | null> {
    return (manager ?? this.dataSource).getRepository(KioskEntity).findOneBy({ id });
  }

  findOrFail(id: number, manager?: EntityManager): Promise<KioskEntity> {
    return (manager ?? this.dataSource).getRepository(KioskEntity).findOneByOrFail({ id });
  }

  /** Only what visibility needs (`canSee`): asked by other modules' routes on every kiosk-scoped call. */
  findAccess(id: number): Promise<Pick<KioskEntity, 'id' | 'assignedTo' | 'tags'> | null> {
    return this.dataSource
      .getRepository(KioskEntity)
      .findOne({ where: { id }, select: ['id', 'assignedTo', 'tags'] });
  }

  /** The kiosk of a claim code, row-locked until the transaction ends (two claims: one winner). */
  lockByCode(code: string, manager: EntityManager): Promise<KioskEntity | null> {
    return manager
      .getRepository(KioskEntity)
      .findOne({ where: { code }, lock: { mode: 'pessimistic_write' } });
  }

  /** The kiosk, row-locked until the transaction ends. */
  lock(id: number, manager: EntityManager): Promise<KioskEntity | null> {
    return manager.getRepository(KioskEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** A user id that names no user fails with 23503 (the foreign key). */
  async setAssignee(id: number, userId: string | null, manager?: EntityManager): Promise<void> {
    await (manager ?? this.dataSource).getRepository(KioskEntity).update({ id }, { assignedTo: userId });
  }

  /** False when the kiosk was decommissioned already (or is gone). */
  async markDecommissioned(id: number, manager?: EntityManager): Promise<boolean> {
    const res = await (manager ?? this.dataSource)
      .getRepository(KioskEntity)
      .update({ id, decommissionedAt: IsNull() }, { decommissionedAt: new Date() });
    return (res.affected ?? 0) > 0;
  }

  save(kiosk: KioskEntity): Promise<KioskEntity> {
    return this.dataSource.getRepository(KioskEntity).save(kiosk);
  }

  async setSecretHash(id: number, secretHash: Buffer): Promise<void> {
    await this.dataSource.getRepository(KioskEntity).update({ id }, { secretHash });
  }
}
