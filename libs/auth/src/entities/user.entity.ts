import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Role } from '@app/contracts';

@Entity({ name: 'users' })
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stored lower-case: usernames are case-insensitive for people. */
  @Column({ type: 'text', unique: true })
  username: string;

  @Column({ name: 'password_hash', type: 'text' })
  passwordHash: string;

  @Column({ type: 'text' })
  role: Role;

  @Column({ type: 'boolean', default: false })
  disabled: boolean;

  /** `api_key`: the row an API key acts through (same id); never logs in, hidden from /users. */
  @Column({ type: 'text', default: 'person' })
  kind: 'person' | 'api_key';

  // The old hard lockout's columns: no longer read or written (login protection lives in Redis, see
  // LoginProtectionService); kept until a migration drops them.
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
