import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { CommandStatus } from '@app/contracts';

/** Written by a database trigger on every status change of a command; read-only here. */
@Entity({ name: 'kiosk_command_transitions' })
export class CommandTransitionEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'command_id', type: 'uuid' })
  commandId: string;

  @Column({ name: 'from_status', type: 'text', nullable: true })
  fromStatus: CommandStatus | null;

  @Column({ name: 'to_status', type: 'text' })
  toStatus: CommandStatus;

  @Column({ type: 'timestamptz', precision: 3 })
  at: Date;

  @Column({ type: 'text', nullable: true })
  detail: string | null;
}
