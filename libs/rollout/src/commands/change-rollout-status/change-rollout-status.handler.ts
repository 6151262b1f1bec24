import { CommandHandler, EventBus, ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { notFound, unprocessable } from '@app/core';
import {
  AuditActor,
  RolloutCancelledEvent,
  RolloutPausedEvent,
  RolloutResumedEvent,
  RolloutStartedEvent,
  RolloutStatus,
} from '@app/contracts';
import type { RolloutDto } from '../../dto/rollout.dto';
import { RolloutEngine, skipOpenKiosks } from '../../services/rollout-engine';
import { RolloutPublisher } from '../../services/rollout-publisher';
import { RolloutReader } from '../../services/rollout-reader';
import { RolloutRepository } from '../../services/rollout.repository';
import { ChangeRolloutStatusCommand, RolloutAction } from './change-rollout-status.command';

/** Which status each action leaves from, and where it goes. */
const TRANSITIONS: Record<RolloutAction, { from: RolloutStatus[]; to: RolloutStatus }> = {
  start: { from: ['draft'], to: 'running' },
  pause: { from: ['running'], to: 'paused' },
  resume: { from: ['paused'], to: 'running' },
  cancel: { from: ['draft', 'running', 'paused'], to: 'cancelled' },
};

/** What happened, for whoever follows admins' actions (the audit log). */
const HAPPENED: Record<
  RolloutAction,
  new (
    rolloutId: string,
    actor: AuditActor,
  ) => RolloutStartedEvent | RolloutPausedEvent | RolloutResumedEvent | RolloutCancelledEvent
> = {
  start: RolloutStartedEvent,
  pause: RolloutPausedEvent,
  resume: RolloutResumedEvent,
  cancel: RolloutCancelledEvent,
};

/**
 * One conditional UPDATE per action, so two admins racing (or a retried request) move a rollout
 * once; an action from the wrong status is a 422 naming the status. Cancelling also cancels the
 * commands still on their way, in the same pass as an abort does.
 */
@CommandHandler(ChangeRolloutStatusCommand)
export class ChangeRolloutStatusHandler implements ICommandHandler<ChangeRolloutStatusCommand, RolloutDto> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rollouts: RolloutRepository,
    private readonly engine: RolloutEngine,
    private readonly reader: RolloutReader,
    private readonly publisher: RolloutPublisher,
    private readonly events: EventBus,
  ) {}

  async execute({ rolloutId, action, actor }: ChangeRolloutStatusCommand): Promise<RolloutDto> {
    const { from, to } = TRANSITIONS[action];
    const { payload, commandIds } = await this.dataSource.transaction(async (manager) => {
      if (!(await this.rollouts.transition(rolloutId, to, from, manager))) {
        const current = await this.rollouts.findStatus(rolloutId, manager);
        if (!current) throw notFound('Rollout');
        throw unprocessable(`A ${current} rollout cannot ${action}`, [
          { field: 'status', message: `is ${current}; ${action} needs ${from.join(' or ')}` },
        ]);
      }
      // Skipped with the status change, so the update published (and read back) says so.
      const commandIds =
        to === 'cancelled' ? await skipOpenKiosks(manager, rolloutId, 'rollout cancelled') : [];
      return { payload: await this.publisher.record(manager, rolloutId), commandIds };
    });
    await this.engine.cancelCommands(commandIds);
    this.publisher.announce(payload);
    this.events.publish(new HAPPENED[action](rolloutId, actor));
    this.engine.nudge();
    const rollout = await this.reader.get(rolloutId);
    if (!rollout) throw notFound('Rollout');
    return rollout;
  }
}
