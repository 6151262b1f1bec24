export * from './rollout';
export * from './rollout-updated.event';
export * from './rollout-started.event';
export * from './rollout-paused.event';
export * from './rollout-resumed.event';
export * from './rollout-cancelled.event';
export * from './rollout-created.event';
