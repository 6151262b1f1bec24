import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A kiosk's remote configuration (CONTRACT §8), mapped for the kiosk resource's
 * `config { desiredVersion, appliedVersion }`; written only by services/kiosk-configs.ts in SQL.
 */
@Entity({ name: 'kiosk_configs' })
export class KioskConfigEntity {
  @PrimaryColumn({ name: 'kiosk_id', type: 'int' })
  kioskId: number;

  /** bigint: the pg driver gives it as a string. */
  @Column({ name: 'desired_version', type: 'bigint' })
  desiredVersion: string;

  @Column({ name: 'applied_version', type: 'bigint' })
  appliedVersion: string;
}
