export { AuthProvider, useAuth } from './AuthProvider';
export type { AuthState } from './AuthProvider';
export { Can } from './Can';
export { can, PERMISSIONS } from './permissions';
export type { Action } from './permissions';
