import { describe, expect, it } from 'vitest';
import type { Role } from '../../api/session';
import { can } from '../../auth/permissions';
import { routes } from '../../routes';

const ROLES: Role[] = ['admin', 'operator', 'viewer'];
const allowed = (action: Parameters<typeof can>[1]) => ROLES.filter((r) => can(r, action));

/** The roles each new page and action is offered to, as the API's @Roles decide them. */
describe('rollouts and remote configuration: who gets what', () => {
  it('opens the rollouts pages to admins and operators (GET /rollouts), the tag settings to admins', () => {
    const requires = (path: string) => routes.find((r) => r.path === path)?.requires;
    expect(requires('/rollouts')).toBe('rollout.read');
    expect(requires('/rollouts/:id')).toBe('rollout.read');
    expect(allowed('rollout.read')).toEqual(['admin', 'operator']);
    expect(requires('/admin/tag-configs')).toBe('tagConfig.manage');
    expect(allowed('tagConfig.manage')).toEqual(['admin']);
  });

  it('lets only admins create and steer rollouts, and admins and operators edit a kiosk’s settings', () => {
    expect(allowed('rollout.manage')).toEqual(['admin']);
    expect(allowed('kiosk.editConfig')).toEqual(['admin', 'operator']);
  });
});
