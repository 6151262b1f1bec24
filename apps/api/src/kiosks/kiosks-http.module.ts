import { DynamicModule, Module } from '@nestjs/common';
import { KioskModule } from '@app/kiosk';
import { KiosksController } from './kiosks.controller';

@Module({})
export class KiosksHttpModule {
  static forRoot(): DynamicModule {
    return { module: KiosksHttpModule, imports: [KioskModule.forRoot()], controllers: [KiosksController] };
  }
}
