/**
 * The kiosks a rollout addresses (admins only create rollouts, so every kiosk is visible): by ids
 * (unknown or decommissioned ids come back in `missing`), by tag, or by firmware below a semver
 * version (kiosks reporting no or a non-semver version are not below anything). Each kiosk comes
 * with its site (its address, or its position rounded to about a kilometre) so waves can span sites.
 */
export class ResolveRolloutTargetsQuery {
  constructor(readonly target: { kioskIds?: number[]; tag?: string; firmwareBelow?: string }) {}
}
export interface RolloutTargetKiosk {
  id: number;
  site: string;
}
export interface ResolvedRolloutTargets {
  kiosks: RolloutTargetKiosk[];
  missing: number[];
}
