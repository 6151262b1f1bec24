import { useQueryClient } from '@tanstack/react-query';
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useSyncExternalStore,
  type ReactNode,
} from 'react';
import { useSession } from '../api/ApiProvider';
import type { Role, SessionStatus, User } from '../api/session';
import { can as roleCan, type Action } from './permissions';

export interface AuthState {
  status: SessionStatus;
  user: User | null;
  role: Role | undefined;
  /** Whether the signed-in user may do `action` (false while signed out). */
  can: (action: Action) => boolean;
  /** True while requests wait for the user to sign in again. */
  reauthRequired: boolean;
  signIn: (username: string, password: string) => Promise<User>;
  signOut: () => Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const session = useSession();
  const queryClient = useQueryClient();
  const snapshot = useSyncExternalStore(session.subscribe, session.getSnapshot);

  useEffect(() => {
    if (session.getSnapshot().status === 'restoring') void session.restore();
  }, [session]);

  const signIn = useCallback(
    async (username: string, password: string) => {
      const before = session.getSnapshot().user;
      const user = await session.signIn(username, password);
      // Another user must not see what the previous one had cached.
      if (before && before.id !== user.id) queryClient.clear();
      return user;
    },
    [session, queryClient],
  );

  const signOut = useCallback(async () => {
    await session.signOut();
    queryClient.clear();
  }, [session, queryClient]);

  const value = useMemo<AuthState>(() => {
    const role = snapshot.user?.role;
    return {
      status: snapshot.status,
      user: snapshot.user,
      role,
      can: (action) => roleCan(role, action),
      reauthRequired: snapshot.reauthRequired,
      signIn,
      signOut,
    };
  }, [snapshot, signIn, signOut]);

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside <AuthProvider>');
  return auth;
}
