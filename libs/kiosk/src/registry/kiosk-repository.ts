import { DataSource, EntityManager, IsNull } from 'typeorm';
import { queryRecords } from '@app/database';
import { KioskEntity } from '../entities/kiosk.entity';

/**
 * The SQL of the kiosk aggregate (`kiosks`: identity, claim code, secret, assignment, site, tags):
 * the registry's handlers decide (who may, what changes, which event), these read and write.
 * `db` is the data source, or the transaction a handler runs in.
 */
type Db = DataSource | EntityManager;

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
 * The new kiosk's id; undefined when its serial is taken or its code already drawn (ON CONFLICT on
 * the serial only, so the caller tells the two apart).
 */
export async function insertKiosk(db: Db, k: NewKiosk): Promise<number | undefined> {
  const [row] = await queryRecords<{ id: number }>(
    db,
    `INSERT INTO kiosks (serial, name, code, secret_hash, lat, lng, address, tags)
           SELECT $1, $2, $3, $4, $5, $6, $7, $8
            WHERE NOT EXISTS (SELECT 1 FROM kiosks WHERE code = $3)
           ON CONFLICT (serial) DO NOTHING
           RETURNING id`,
    [k.serial, k.name, k.code, k.secretHash, k.lat, k.lng, k.address, k.tags],
  );
  return row?.id;
}

export function serialTaken(db: Db, serial: string): Promise<boolean> {
  return db.getRepository(KioskEntity).existsBy({ serial });
}

export function kioskExists(db: Db, id: number): Promise<boolean> {
  return db.getRepository(KioskEntity).existsBy({ id });
}

export function findKiosk(db: Db, id: number): Promise<KioskEntity | null> {
  return db.getRepository(KioskEntity).findOneBy({ id });
}

export function findKioskOrFail(db: Db, id: number): Promise<KioskEntity> {
  return db.getRepository(KioskEntity).findOneByOrFail({ id });
}

/** Only what visibility needs (`canSee`): asked by other modules' routes on every kiosk-scoped call. */
export function findKioskAccess(
  db: Db,
  id: number,
): Promise<Pick<KioskEntity, 'id' | 'assignedTo' | 'tags'> | null> {
  return db.getRepository(KioskEntity).findOne({ where: { id }, select: ['id', 'assignedTo', 'tags'] });
}

/** The kiosk of a claim code, row-locked until the transaction ends (two claims: one winner). */
export function lockKioskByCode(manager: EntityManager, code: string): Promise<KioskEntity | null> {
  return manager.getRepository(KioskEntity).findOne({ where: { code }, lock: { mode: 'pessimistic_write' } });
}

/** The kiosk, row-locked until the transaction ends. */
export function lockKiosk(manager: EntityManager, id: number): Promise<KioskEntity | null> {
  return manager.getRepository(KioskEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
}

/** A user id that names no user fails with 23503 (the foreign key). */
export async function setAssignee(db: Db, id: number, userId: string | null): Promise<void> {
  await db.getRepository(KioskEntity).update({ id }, { assignedTo: userId });
}

/** False when the kiosk was decommissioned already (or is gone). */
export async function markDecommissioned(db: Db, id: number): Promise<boolean> {
  const res = await db
    .getRepository(KioskEntity)
    .update({ id, decommissionedAt: IsNull() }, { decommissionedAt: new Date() });
  return (res.affected ?? 0) > 0;
}

export function saveKiosk(db: Db, kiosk: KioskEntity): Promise<KioskEntity> {
  return db.getRepository(KioskEntity).save(kiosk);
}

export async function setSecretHash(db: Db, id: number, secretHash: Buffer): Promise<void> {
  await db.getRepository(KioskEntity).update({ id }, { secretHash });
}
