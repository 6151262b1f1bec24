import { CommandHandler, EventBus, ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError, unprocessable } from '@app/core';
import { ResolvedRolloutTargets, ResolveRolloutTargetsQuery, RolloutCreatedEvent } from '@app/contracts';
import type { RolloutDto } from '../../dto/rollout.dto';
import { interleaveBySite, waveSizes } from '../../services/rollout-plan';
import { RolloutPublisher } from '../../services/rollout-publisher';
import { RolloutReader } from '../../services/rollout-reader';
import { RolloutRepository } from '../../services/rollout.repository';
import { CreateRolloutCommand } from './create-rollout.command';

/**
 * Resolves the target once, at creation, so the draft already shows its waves and the kiosks a
 * rollout covers never change under it; kiosks registered later are a new rollout's business.
 * Three set-based INSERTs in one transaction, whatever the fleet size.
 */
@CommandHandler(CreateRolloutCommand)
export class CreateRolloutHandler implements ICommandHandler<CreateRolloutCommand, RolloutDto> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rollouts: RolloutRepository,
    private readonly queries: QueryBus,
    private readonly reader: RolloutReader,
    private readonly publisher: RolloutPublisher,
    private readonly events: EventBus,
  ) {}

  async execute({ body, user, actor }: CreateRolloutCommand): Promise<RolloutDto> {
    const keys = (['tag', 'kioskIds', 'firmwareBelow'] as const).filter((k) => body.target[k] !== undefined);
    if (keys.length !== 1) {
      throw new DomainError(
        'invalid',
        'Give exactly one of target.tag, target.kioskIds, target.firmwareBelow',
        [{ field: 'target', message: 'exactly one of tag, kioskIds or firmwareBelow is required' }],
      );
    }
    const sum = body.waves.reduce((a, b) => a + b, 0);
    if (sum !== 100) {
      throw new DomainError('invalid', 'Wave percentages must sum to 100', [
        { field: 'waves', message: `must sum to 100 (they sum to ${sum})` },
      ]);
    }
    const { kiosks, missing } = await this.queries.execute<
      ResolveRolloutTargetsQuery,
      ResolvedRolloutTargets
    >(new ResolveRolloutTargetsQuery(body.target));
    if (missing.length) {
      throw unprocessable(`Unknown or decommissioned kiosk(s): ${missing.slice(0, 10).join(', ')}`, [
        {
          field: 'target.kioskIds',
          message: `${missing.length} kiosk(s) do not exist or are decommissioned`,
        },
      ]);
    }
    if (!kiosks.length) {
      throw unprocessable('The target matches no kiosk', [{ field: 'target', message: 'matches no kiosk' }]);
    }
    const order = interleaveBySite(kiosks);
    const sizes = waveSizes(order.length, body.waves);
    const waveOf = sizes.flatMap((size, wave) => Array<number>(size).fill(wave));

    const { id, payload } = await this.dataSource.transaction(async (manager) => {
      const id = await this.rollouts.insert({ body, createdBy: user.id, order, waveOf, sizes }, manager);
      return { id, payload: await this.publisher.record(manager, id) };
    });
    this.publisher.announce(payload);
    this.events.publish(new RolloutCreatedEvent(id, body.name, body.params.version, order.length, actor));
    const rollout = await this.reader.get(id);
    if (!rollout) throw new Error(`rollout ${id} vanished after creation`);
    return rollout;
  }
}
