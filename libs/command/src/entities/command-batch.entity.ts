import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { KioskCommandName } from '@app/contracts';

/** One `POST /commands/bulk`: the worker fans it out into one command per kiosk. */
@Entity({ name: 'command_batches' })
export class CommandBatchEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  command: KioskCommandName;

  @Column({ type: 'jsonb' })
  params: Record<string, unknown>;

  @Column({ type: 'jsonb' })
  target: { kioskIds?: number[]; tag?: string };

  @Column({ name: 'kiosk_ids', type: 'int', array: true, select: false })
  kioskIds: number[];

  @Column({ name: 'ttl_seconds', type: 'int' })
  ttlSeconds: number;

  @Column({ type: 'int' })
  count: number;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'fanned_out_at', type: 'timestamptz', nullable: true })
  fannedOutAt: Date | null;
}
