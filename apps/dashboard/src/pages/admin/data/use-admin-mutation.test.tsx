import type { Schema } from '@kiosk-fleet/sdk';
import { renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { answer, signedInAs } from '../../../test/fake-api';
import { adminKeys } from './admin-queries';
import { useAdminSave } from './use-admin-mutation';

type Policy = Schema<'NotificationPolicyDto'>;
const policy = {
  id: 'p1',
  recipients: ['ops@example.com'],
  minSeverity: 'major',
  tags: null,
  createdAt: '2026-12-07T10:00:00.000Z',
  updatedAt: '2026-12-07T10:00:00.000Z',
} as unknown as Policy;

async function saveFor(existing: Policy | undefined) {
  const { wrap, received } = await signedInAs('admin', [
    answer('POST', '/api/v1/notification-policies', 201, { ...policy, id: 'p2' }),
    answer('PATCH', '/api/v1/notification-policies/p1', 200, policy),
  ]);
  const { result } = renderHook(
    () =>
      useAdminSave({
        existing,
        create: (api, body: Schema<'CreateNotificationPolicyDto'>) =>
          api.POST('/api/v1/notification-policies', { body }),
        update: (api, id, body: Schema<'UpdateNotificationPolicyDto'>) =>
          api.PATCH('/api/v1/notification-policies/{id}', { params: { path: { id } }, body }),
        createBody: (v: string[]) => ({
          channel: 'email' as const,
          recipients: v,
          minSeverity: 'major' as const,
        }),
        updateBody: (p, v: string[]) => (v.join() === p.recipients.join() ? {} : { recipients: v }),
        invalidates: adminKeys.policies,
      }),
    { wrapper: ({ children }) => wrap(children) },
  );
  return { save: result.current, received };
}

describe('useAdminSave', () => {
  it('creates when there is nothing to edit and resolves to what the create answered', async () => {
    const { save, received } = await saveFor(undefined);
    await expect(save(['a@example.com'])).resolves.toMatchObject({ id: 'p2' });
    expect(received.map((r) => [r.method, r.url.pathname, r.body])).toEqual([
      [
        'POST',
        '/api/v1/notification-policies',
        { channel: 'email', recipients: ['a@example.com'], minSeverity: 'major' },
      ],
    ]);
  });

  it('patches only what changed, and sends nothing when nothing did', async () => {
    const { save, received } = await saveFor(policy);
    await expect(save(['ops@example.com'])).resolves.toBeNull();
    expect(received).toEqual([]);
    await expect(save(['b@example.com'])).resolves.toBeNull();
    expect(received.map((r) => [r.method, r.url.pathname, r.body])).toEqual([
      ['PATCH', '/api/v1/notification-policies/p1', { recipients: ['b@example.com'] }],
    ]);
  });
});
