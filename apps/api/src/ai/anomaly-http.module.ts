import { Module } from '@nestjs/common';
import { AnomalyModule } from '@app/ai';
import { AnomalyController } from './anomaly.controller';

@Module({ imports: [AnomalyModule], controllers: [AnomalyController] })
export class AnomalyHttpModule {}
