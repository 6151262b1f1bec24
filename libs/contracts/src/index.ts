/**
 * What the modules and the processes around the backend say to one another: cross-module commands,
 * queries and events (one file each, in the folder of the module that answers or publishes them),
 * the vocabulary they carry, and typed maps of every boundary (queue jobs, the admin feed, the kiosk
 * wire, outbox/webhook payloads). Plain TypeScript: nothing here imports a framework or our code.
 */
export * from './admin-feed';
export * from './alert';
export * from './auth';
export * from './command';
export * from './kiosk';
export * from './kiosk-wire';
export * from './notification';
export * from './payment';
export * from './queues';
export * from './rollout';
export * from './telemetry';
