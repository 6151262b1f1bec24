export { ApiProvider, useApi, useSession } from './ApiProvider';
export { DashboardSession } from './session';
export type { Role, SessionSnapshot, SessionStatus, User } from './session';
export { sessionStorageStore } from './token-store';
export { errorMessage } from './errors';
