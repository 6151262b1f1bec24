import { DynamicModule, Module } from '@nestjs/common';
import { CommandModule } from '@app/command';
import { CommandsController } from './commands.controller';

@Module({})
export class CommandsHttpModule {
  static forRoot(): DynamicModule {
    return {
      module: CommandsHttpModule,
      imports: [CommandModule.forRoot()],
      controllers: [CommandsController],
    };
  }
}
