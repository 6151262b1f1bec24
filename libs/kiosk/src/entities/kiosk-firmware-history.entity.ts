import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One row each time a kiosk's join reports a firmware version other than the one on record. */
@Entity({ name: 'kiosk_firmware_history' })
export class KioskFirmwareHistoryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'kiosk_id', type: 'int' })
  kioskId: number;

  @Column({ name: 'firmware_version', type: 'text' })
  firmwareVersion: string;

  @Column({ name: 'first_reported_at', type: 'timestamptz' })
  firstReportedAt: Date;
}
