import type { Schema } from '@kiosk-fleet/sdk';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../../api/session';
import { can } from '../../../auth/permissions';
import { routes } from '../../../routes';
import { answer, page, signedInAs } from '../../../test/fake-api';
import MaintenancePage from './MaintenancePage';

/** Rendering whole pages with their dialogs: generous on a machine shared with browser e2e runs. */
const RENDER_TIMEOUT_MS = 30_000;

const later = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
const window = (
  id: string,
  scope: Schema<'WindowScopeDto'>,
  reason: string,
): Schema<'MaintenanceWindowDto'> => ({
  id,
  scope,
  startsAt: later(-1),
  endsAt: later(2),
  reason,
  createdBy: null,
  createdAt: later(-1),
});
const windows = answer(
  'GET',
  '/api/v1/maintenance-windows',
  200,
  page([
    window('w1', { kind: 'kiosk', value: 7 }, 'Card reader swap'),
    window('w2', { kind: 'tag', value: 'north' }, 'Site power work'),
  ]),
);

async function renderAs(role: Role) {
  const session = await signedInAs(role, [windows]);
  render(session.wrap(<MaintenancePage />));
  await screen.findByText('Card reader swap');
  return session;
}

describe('maintenance windows by role', { timeout: RENDER_TIMEOUT_MS }, () => {
  it('a viewer reads every window and is offered no action', async () => {
    await renderAs('viewer');
    expect(screen.getByText('Site power work')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Schedule window' })).toBeNull();
    expect(screen.queryByRole('button', { name: /End now/ })).toBeNull();
    // One section only: no admin tabs to switch between.
    expect(screen.queryByRole('navigation', { name: 'Admin sections' })).toBeNull();
  });

  it('an operator schedules and ends windows of kiosks only (tag windows are admin-only)', async () => {
    await renderAs('operator');
    const kioskRow = screen.getByText('Card reader swap').closest('[role="row"]') as HTMLElement;
    const tagRow = screen.getByText('Site power work').closest('[role="row"]') as HTMLElement;
    expect(within(kioskRow).getByRole('button', { name: 'End now' })).toBeInTheDocument();
    expect(within(tagRow).queryByRole('button', { name: 'End now' })).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Schedule window' }));
    const dialog = screen.getByRole('dialog');
    expect(within(dialog).queryByLabelText('Applies to')).toBeNull();
    expect(within(dialog).getByLabelText('Kiosk id')).toBeInTheDocument();
  });

  it('an admin ends any window and may scope a new one to a tag', async () => {
    await renderAs('admin');
    expect(screen.getAllByRole('button', { name: 'End now' })).toHaveLength(2);
    fireEvent.click(screen.getByRole('button', { name: 'Schedule window' }));
    expect(within(screen.getByRole('dialog')).getByLabelText('Applies to')).toBeInTheDocument();
    expect(screen.getByRole('navigation', { name: 'Admin sections' })).toBeInTheDocument();
  });
});

describe('admin routes', { timeout: RENDER_TIMEOUT_MS }, () => {
  const adminPaths = routes.filter((r) => r.path.startsWith('/admin'));

  it('are open to admins only; maintenance windows to every role', () => {
    expect(adminPaths.map((r) => r.path)).toContain('/admin/api-keys');
    for (const role of ['operator', 'viewer'] as const) {
      for (const r of adminPaths) expect(r.requires && can(role, r.requires)).toBe(false);
    }
    for (const r of adminPaths) expect(r.requires && can('admin', r.requires)).toBe(true);
    expect(routes.find((r) => r.path === '/maintenance')?.requires).toBeUndefined();
  });
});
