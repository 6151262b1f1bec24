import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { Role } from '@app/contracts';

/** The roles an API key may carry: never admin (CONTRACT §8). */
export type ApiKeyRole = Role.Operator | Role.Viewer;

/**
 * An integrator's API key. Only the SHA-256 of the key is stored; `prefix` (the key's non-secret
 * `kf_xxxxxxxx` head) is kept in clear so an admin can tell keys apart and find a leaked one. The
 * id is also the id of the key's `users` row (kind `api_key`), which its actions are recorded under.
 */
@Entity({ name: 'api_keys' })
export class ApiKeyEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', unique: true })
  prefix: string;

  @Column({ name: 'key_hash', type: 'bytea', unique: true, select: false })
  keyHash: Buffer;

  @Column({ type: 'text' })
  role: ApiKeyRole;

  @Column({ type: 'text', array: true })
  tags: string[];

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz', precision: 3, nullable: true })
  expiresAt: Date | null;

  @Column({ name: 'last_used_at', type: 'timestamptz', precision: 3, nullable: true })
  lastUsedAt: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', precision: 3, nullable: true })
  revokedAt: Date | null;
}
