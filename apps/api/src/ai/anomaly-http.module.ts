import { Module } from '@nestjs/common';
import { AnomalyModule, ReadingScorerModule } from '@app/ai';
import { AnomalyController } from './anomaly.controller';
import { DatasetUploadReceiver } from './dataset-upload.receiver';

/** The anomaly routes; mounting the AI module also has every stored reading scored (ReadingScorerModule). */
@Module({
  imports: [AnomalyModule, ReadingScorerModule],
  controllers: [AnomalyController],
  providers: [DatasetUploadReceiver],
})
export class AnomalyHttpModule {}
