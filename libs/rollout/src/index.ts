export * from './rollout.module';
export * from './dto/create-rollout.dto';
export * from './dto/rollout.dto';
export * from './commands/create-rollout/create-rollout.command';
export * from './commands/change-rollout-status/change-rollout-status.command';
export * from './queries/get-rollout/get-rollout.query';
export * from './queries/list-rollouts/list-rollouts.query';
export { RolloutEngine, ROLLOUT_COMMAND_TTL_SEC } from './services/rollout-engine';
