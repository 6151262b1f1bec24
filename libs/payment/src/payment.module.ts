import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { DomainModuleDescriptor } from '@app/core';
import { CreatePaymentHandler } from './commands/create-payment/create-payment.handler';
import { RecordKioskPaymentHandler } from './commands/record-kiosk-payment/record-kiosk-payment.handler';
import { RecordZReportHandler } from './commands/record-z-report/record-z-report.handler';
import { RefundPaymentHandler } from './commands/refund-payment/refund-payment.handler';
import { FinishRefundWhenRefundCommandEndsHandler } from './events/finish-refund-when-refund-command-ends.handler';
import { TrackPaymentSessionWhenTelemetryRecordedHandler } from './events/track-payment-session-when-telemetry-recorded.handler';
import { ExportPaymentsHandler } from './queries/export-payments/export-payments.handler';
import { CountKioskSalesHandler } from './queries/count-kiosk-sales/count-kiosk-sales.handler';
import { GetDailyNetSalesHandler } from './queries/get-daily-net-sales/get-daily-net-sales.handler';
import { GetKiosksInPaymentSessionHandler } from './queries/get-kiosks-in-payment-session/get-kiosks-in-payment-session.handler';
import { GetPaymentSummaryHandler } from './queries/get-payment-summary/get-payment-summary.handler';
import { GetPaymentHandler } from './queries/get-payment/get-payment.handler';
import { ListPaymentsHandler } from './queries/list-payments/list-payments.handler';
import { PaymentSessionRepository } from './repositories/payment-session.repository';
import { PaymentRepository } from './repositories/payment.repository';
import { ZReportRepository } from './repositories/z-report.repository';
import { IdempotencyStore } from './services/idempotency';
import { PaymentAccess } from './services/payment-access';
import { PaymentBatchWriter } from './services/payment-batch-writer';
import { PaymentFilters } from './services/payment-filters';
import { PaymentHousekeeping } from './services/payment-housekeeping';
import { PaymentRecorder } from './services/payment-recorder';
import { Receipts } from './services/receipts';
import { RefundOutcomes } from './services/refund-outcomes';

/**
 * Payments: exactly-once recording from kiosks and integrators, refunds (cash at once, card/QR
 * through the kiosk's `refund` command), receipts, queries, CSV export, z-report reconciliation
 * and the payment sessions that gate disruptive commands. Everything runs on the API side.
 */
@Module({})
export class PaymentModule {
  static forRoot(): DynamicModule {
    return {
      module: PaymentModule,
      imports: [CqrsModule],
      providers: [
        PaymentAccess,
        PaymentFilters,
        PaymentRepository,
        PaymentSessionRepository,
        ZReportRepository,
        PaymentRecorder,
        PaymentBatchWriter,
        Receipts,
        IdempotencyStore,
        RefundOutcomes,
        PaymentHousekeeping,
        RecordKioskPaymentHandler,
        CreatePaymentHandler,
        RefundPaymentHandler,
        RecordZReportHandler,
        FinishRefundWhenRefundCommandEndsHandler,
        TrackPaymentSessionWhenTelemetryRecordedHandler,
        ListPaymentsHandler,
        GetPaymentHandler,
        GetPaymentSummaryHandler,
        ExportPaymentsHandler,
        GetKiosksInPaymentSessionHandler,
        GetDailyNetSalesHandler,
        CountKioskSalesHandler,
      ],
    };
  }
}

export const PAYMENT_MODULE: DomainModuleDescriptor = {
  name: 'payment',
  forRoot: () => PaymentModule.forRoot(),
};
