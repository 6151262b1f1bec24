export * from './role';
export * from './user-deleted.event';
export * from './user-role-changed.event';
export * from './user-session-ended.event';
export * from './user-sessions-ended.event';
export * from './audit-actor';
