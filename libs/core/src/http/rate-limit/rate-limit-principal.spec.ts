import { Role } from '@app/contracts';
import { rateLimitPrincipalOf } from './rate-limit-principal';

describe('rateLimitPrincipalOf', () => {
  it('keys a Bearer token user by user id', () => {
    expect(rateLimitPrincipalOf({ id: 'u1', username: 'ann', role: Role.Operator, sessionId: 's1' })).toEqual(
      {
        key: 'user:u1',
        kind: 'user',
        role: Role.Operator,
      },
    );
  });

  it('keys an API key by key id, apart from any user with the same id', () => {
    const key = rateLimitPrincipalOf({
      id: 'k1',
      username: 'ci',
      role: Role.Viewer,
      sessionId: '',
      apiKeyId: 'k1',
    });
    expect(key).toEqual({ key: 'api-key:k1', kind: 'api-key', role: Role.Viewer });
    expect(rateLimitPrincipalOf({ id: 'k1', role: Role.Viewer })?.key).not.toBe(key?.key);
  });

  it.each([
    ['no user (public route)', undefined],
    ['null', null],
    ['a string', 'admin'],
    ['no id', { role: Role.Admin }],
    ['an empty id', { id: '', role: Role.Admin }],
    ['a non-string id', { id: 7, role: Role.Admin }],
    ['an unknown role', { id: 'u1', role: 'root' }],
    ['no role', { id: 'u1' }],
  ])('finds no principal in %s', (_, user) => {
    expect(rateLimitPrincipalOf(user)).toBeNull();
  });

  it('falls back to the user id when apiKeyId is not a usable string', () => {
    expect(rateLimitPrincipalOf({ id: 'u1', role: Role.Admin, apiKeyId: '' })?.key).toBe('user:u1');
    expect(rateLimitPrincipalOf({ id: 'u1', role: Role.Admin, apiKeyId: 5 })?.key).toBe('user:u1');
  });
});
