import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { DomainModuleDescriptor } from '@app/core';
import { ChangeRolloutStatusHandler } from './commands/change-rollout-status/change-rollout-status.handler';
import { CreateRolloutHandler } from './commands/create-rollout/create-rollout.handler';
import { TrackRolloutCommandWhenCommandUpdatedHandler } from './events/track-rollout-command-when-command-updated.handler';
import { TrackRolloutKioskWhenInventoryRecordedHandler } from './events/track-rollout-kiosk-when-inventory-recorded.handler';
import { GetRolloutHandler } from './queries/get-rollout/get-rollout.handler';
import { ListRolloutKiosksHandler } from './queries/list-rollout-kiosks/list-rollout-kiosks.handler';
import { ListRolloutsHandler } from './queries/list-rollouts/list-rollouts.handler';
import { RolloutEngine } from './services/rollout-engine';
import { RolloutGuards } from './services/rollout-guards';
import { RolloutKioskStates } from './services/rollout-kiosk-states';
import { RolloutPublisher } from './services/rollout-publisher';
import { RolloutReader } from './services/rollout-reader';
import { RolloutRepository } from './services/rollout.repository';

/**
 * Staged rollouts of `update` (CONTRACT §8): waves, failure threshold, pause/resume/cancel. It
 * commands kiosks through the command module, learns outcomes from its events and the kiosk
 * module's joins, and keeps all of its state in its own tables. The engine runs in the API (the
 * events it follows happen there), on the leader instance only.
 */
@Module({})
export class RolloutModule {
  static forRoot(): DynamicModule {
    return {
      module: RolloutModule,
      imports: [CqrsModule],
      providers: [
        RolloutReader,
        RolloutRepository,
        RolloutPublisher,
        RolloutKioskStates,
        RolloutGuards,
        RolloutEngine,
        CreateRolloutHandler,
        ChangeRolloutStatusHandler,
        GetRolloutHandler,
        ListRolloutsHandler,
        ListRolloutKiosksHandler,
        TrackRolloutCommandWhenCommandUpdatedHandler,
        TrackRolloutKioskWhenInventoryRecordedHandler,
      ],
      exports: [RolloutEngine],
    };
  }
}

export const ROLLOUT_MODULE: DomainModuleDescriptor = {
  name: 'rollout',
  forRoot: () => RolloutModule.forRoot(),
};
