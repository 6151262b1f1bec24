import { Module } from '@nestjs/common';
import { AnomalyModule } from '@app/ai';
import { AnomalyController } from './anomaly.controller';
import { DatasetUploadReceiver } from './dataset-upload.receiver';

@Module({ imports: [AnomalyModule], controllers: [AnomalyController], providers: [DatasetUploadReceiver] })
export class AnomalyHttpModule {}
