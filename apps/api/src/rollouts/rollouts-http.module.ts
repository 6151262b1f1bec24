import { DynamicModule, Module } from '@nestjs/common';
import { RolloutModule } from '@app/rollout';
import { RolloutsController } from './rollouts.controller';

@Module({})
export class RolloutsHttpModule {
  static forRoot(): DynamicModule {
    return {
      module: RolloutsHttpModule,
      imports: [RolloutModule.forRoot()],
      controllers: [RolloutsController],
    };
  }
}
