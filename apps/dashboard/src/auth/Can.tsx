import type { ReactNode } from 'react';
import { useAuth } from './AuthProvider';
import type { Action } from './permissions';

/** Renders its children only when the signed-in user may do `action` (else `fallback`, default nothing). */
export function Can({
  action,
  children,
  fallback = null,
}: {
  action: Action;
  children: ReactNode;
  fallback?: ReactNode;
}) {
  const { can } = useAuth();
  return <>{can(action) ? children : fallback}</>;
}
