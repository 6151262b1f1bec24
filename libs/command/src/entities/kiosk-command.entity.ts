import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { CommandStatus, KioskCommandName } from '@app/contracts';

@Entity({ name: 'kiosk_commands' })
export class KioskCommandEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'kiosk_id', type: 'int' })
  kioskId: number;

  @Column({ type: 'text' })
  command: KioskCommandName;

  @Column({ type: 'jsonb' })
  params: Record<string, unknown>;

  @Column({ type: 'text' })
  status: CommandStatus;

  @Column({ name: 'ttl_seconds', type: 'int' })
  ttlSeconds: number;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ name: 'idempotency_key', type: 'text', nullable: true })
  idempotencyKey: string | null;

  @Column({ name: 'request_hash', type: 'bytea', nullable: true, select: false })
  requestHash: Buffer | null;

  @Column({ name: 'batch_id', type: 'uuid', nullable: true })
  batchId: string | null;

  /** Why a pending command is not being delivered now (e.g. the kiosk is in maintenance). */
  @Column({ name: 'hold_reason', type: 'text', nullable: true })
  holdReason: string | null;

  @Column({ type: 'int' })
  deliveries: number;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;
}
