import type { MaintenanceWindowDto, WindowScopeKind } from '../dto/maintenance-window.dto';

export interface MaintenanceWindowRow {
  id: string;
  scope_kind: WindowScopeKind;
  scope_value: string;
  starts_at: Date;
  ends_at: Date;
  reason: string;
  created_by: string | null;
  created_at: Date;
}

export const windowView = (w: MaintenanceWindowRow): MaintenanceWindowDto => ({
  id: w.id,
  scope: { kind: w.scope_kind, value: w.scope_kind === 'kiosk' ? Number(w.scope_value) : w.scope_value },
  startsAt: w.starts_at.toISOString(),
  endsAt: w.ends_at.toISOString(),
  reason: w.reason,
  createdBy: w.created_by,
  createdAt: w.created_at.toISOString(),
});
