import { DynamicModule, Module } from '@nestjs/common';
import { PaymentModule } from '@app/payment';
import { PaymentsController } from './payments.controller';

@Module({})
export class PaymentsHttpModule {
  static forRoot(): DynamicModule {
    return {
      module: PaymentsHttpModule,
      imports: [PaymentModule.forRoot()],
      controllers: [PaymentsController],
    };
  }
}
