import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { AuditLogEntity } from '../entities/audit-log.entity';

export type AuditAction =
  | 'auth.login_succeeded'
  | 'auth.login_failed'
  /** A (username, address) used up its free failures: its next tries wait (progressive delay). */
  | 'auth.login_delayed'
  /** A username reached its failure ceiling for the window: unknown addresses are throttled. */
  | 'auth.login_throttled'
  | 'auth.refresh_token_reused'
  | 'auth.logout'
  | 'user.created'
  | 'user.role_changed'
  | 'user.password_changed'
  | 'user.disabled'
  | 'user.enabled'
  | 'user.deleted'
  /** details: name, prefix, role, tags, expiresAt (never the key or its hash). */
  | 'api_key.created'
  /** details: name, prefix. */
  | 'api_key.revoked'
  /** A kiosk's own settings replaced. details: settings, desiredVersion. */
  | 'kiosk.config_changed'
  /** A tag's settings replaced (target: the tag). details: settings, kiosksChanged. */
  | 'kiosk_tag.config_changed'
  /** details: name, version, kiosks. */
  | 'rollout.created'
  | 'rollout.started'
  | 'rollout.paused'
  | 'rollout.resumed'
  | 'rollout.cancelled';

/** Who did it and from where; built from the request by the controller. */
export interface AuditContext {
  actorId?: string | null;
  actorUsername?: string | null;
  ip?: string | null;
  requestId?: string | null;
}

export interface AuditEntry {
  action: AuditAction;
  targetType?: string;
  targetId?: string;
  details?: Record<string, unknown>;
}

@Injectable()
export class AuditLogService {
  constructor(@InjectRepository(AuditLogEntity) private readonly repo: Repository<AuditLogEntity>) {}

  /** Pass the transaction's manager so the entry commits (or rolls back) with the change it records. */
  async record(ctx: AuditContext, entry: AuditEntry, manager?: EntityManager): Promise<void> {
    const repo = manager ? manager.getRepository(AuditLogEntity) : this.repo;
    await repo.save(
      repo.create({
        action: entry.action,
        actorId: ctx.actorId ?? null,
        actorUsername: ctx.actorUsername ?? null,
        targetType: entry.targetType ?? null,
        targetId: entry.targetId ?? null,
        ip: ctx.ip ?? null,
        requestId: ctx.requestId ?? null,
        details: entry.details ?? {},
      }),
    );
  }
}
