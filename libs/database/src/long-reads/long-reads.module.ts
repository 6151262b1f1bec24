import { DynamicModule, Global, Module } from '@nestjs/common';
import { LONG_READ_SETTINGS, LongReads, LongReadSettings } from './long-reads.service';

/** Global: every domain module's query handlers and every controller share one gate per process. */
@Global()
@Module({})
export class LongReadsModule {
  static forRoot(settings: LongReadSettings): DynamicModule {
    return {
      module: LongReadsModule,
      providers: [{ provide: LONG_READ_SETTINGS, useValue: settings }, LongReads],
      exports: [LongReads],
    };
  }
}
