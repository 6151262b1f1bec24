import type { KioskCapabilities } from '../services/firmware-version';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity({ name: 'kiosks' })
export class KioskEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ type: 'text' })
  serial: string;

  @Column({ type: 'text' })
  name: string;

  /** What the kiosk's QR code encodes; used to claim it (`POST /kiosks/assign`). */
  @Column({ type: 'text' })
  code: string;

  /** SHA-256 of the kiosk's 128-bit random secret. */
  @Column({ name: 'secret_hash', type: 'bytea', select: false })
  secretHash: Buffer;

  @Column({ type: 'double precision' })
  lat: number;

  @Column({ type: 'double precision' })
  lng: number;

  @Column({ type: 'text', nullable: true })
  address: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  tags: string[];

  @Column({ name: 'assigned_to', type: 'uuid', nullable: true })
  assignedTo: string | null;

  /** As reported in the kiosk's last `kiosk_join` that named one; null until then. */
  @Column({ name: 'firmware_version', type: 'text', nullable: true })
  firmwareVersion: string | null;

  /** `firmwareVersion` in semver order (services/firmware-version.ts); null when it is not semver. */
  @Column({ name: 'firmware_sort_key', type: 'text', nullable: true, select: false })
  firmwareSortKey: string | null;

  /** As reported in the kiosk's last `kiosk_join`; null until its first join. */
  @Column({ type: 'jsonb', nullable: true })
  capabilities: KioskCapabilities | null;

  @Column({ name: 'decommissioned_at', type: 'timestamptz', nullable: true })
  decommissionedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
