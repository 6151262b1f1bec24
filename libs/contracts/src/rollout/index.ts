export * from './rollout';
export * from './rollout-updated.event';
