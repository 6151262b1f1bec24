import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { DashboardSession, type Role } from '../api/session';
import { fakeApi, memoryStore } from '../test/fake-auth-api';
import { renderWithSession } from '../test/render';
import { Can } from './Can';
import { can, PERMISSIONS, type Action } from './permissions';

async function signedInAs(role: Role): Promise<DashboardSession> {
  const server = fakeApi({ someone: { password: 'pw', role } });
  const session = new DashboardSession({
    baseUrl: 'http://fleet.test',
    store: memoryStore(),
    fetch: server.fetch,
  });
  await session.restore();
  await session.signIn('someone', 'pw');
  return session;
}

const ACTIONS = Object.keys(PERMISSIONS) as Action[];

describe('<Can>', () => {
  it('hides an action from a viewer and shows the fallback instead', async () => {
    renderWithSession(
      <Can action="kiosk.command" fallback={<span>read only</span>}>
        <button>Restart</button>
      </Can>,
      await signedInAs('viewer'),
    );
    expect(screen.queryByRole('button', { name: 'Restart' })).toBeNull();
    expect(screen.getByText('read only')).toBeInTheDocument();
  });

  it('shows the action to an operator, and an admin-only action to nobody but an admin', async () => {
    renderWithSession(
      <>
        <Can action="kiosk.command">
          <button>Restart</button>
        </Can>
        <Can action="user.manage">
          <button>New user</button>
        </Can>
      </>,
      await signedInAs('operator'),
    );
    expect(screen.getByRole('button', { name: 'Restart' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'New user' })).toBeNull();
  });
});

describe('can()', () => {
  it('gives a viewer no action except taking (or giving back) a kiosk for itself', () => {
    expect(ACTIONS.filter((a) => can('viewer', a)).sort()).toEqual(['kiosk.assignSelf', 'kiosk.unassign']);
  });

  it('gives an operator the field actions and none of the administration', () => {
    expect(ACTIONS.filter((a) => can('operator', a)).sort()).toEqual([
      'ai.retrainSynthetic',
      'alert.acknowledge',
      'alert.note',
      'alert.resolve',
      'kiosk.assignSelf',
      'kiosk.bulkCommand',
      'kiosk.command',
      // PUT /kiosks/{id}/config: operators, on kiosks they may command.
      'kiosk.editConfig',
      'kiosk.unassign',
      'maintenance.schedule',
      'payment.refund',
      // GET /rollouts: operators read; creating and steering stays with admins.
      'rollout.read',
    ]);
  });

  it('lets an admin do everything and nobody anything while signed out', () => {
    for (const action of ACTIONS) {
      expect(can('admin', action)).toBe(true);
      expect(can(undefined, action)).toBe(false);
    }
  });
});
