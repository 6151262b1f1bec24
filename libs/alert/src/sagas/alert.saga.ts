import { Injectable } from '@nestjs/common';
import { ICommand, IEvent, ofType, Saga } from '@nestjs/cqrs';
import { filter, map, merge, Observable } from 'rxjs';
import {
  AnomalyDetectedEvent,
  CashMismatchDetectedEvent,
  KioskCameBackEvent,
  KioskStatusChangedEvent,
  KioskWentOfflineEvent,
  KioskWentStaleEvent,
  PaymentRecordedEvent,
  TelemetryBatchRecordedEvent,
} from '@app/contracts';
import { EvaluateAlertRulesCommand } from '../commands/evaluate-alert-rules/evaluate-alert-rules.command';
import { EvaluateKioskLivenessCommand } from '../commands/evaluate-kiosk-liveness/evaluate-kiosk-liveness.command';
import { EvaluateLocationDriftCommand } from '../commands/evaluate-location-drift/evaluate-location-drift.command';
import { RaiseAnomalyAlertCommand } from '../commands/raise-anomaly-alert/raise-anomaly-alert.command';
import { RaiseCashMismatchAlertCommand } from '../commands/raise-cash-mismatch-alert/raise-cash-mismatch-alert.command';
import { RecordFailedPaymentCommand } from '../commands/record-failed-payment/record-failed-payment.command';

const RECOVERED_TO = ['blocked', 'maintenance', 'decommissioned'];
const SILENT = ['stale', 'offline'];

/**
 * Where the alert module listens: each event is published once, on the instance where it happened,
 * so each reading, status change and payment is evaluated once across the fleet. Maps only; the
 * commands do the work.
 */
@Injectable()
export class AlertSaga {
  @Saga()
  telemetryRecorded = (events$: Observable<IEvent>): Observable<ICommand> =>
    events$.pipe(
      ofType(TelemetryBatchRecordedEvent),
      map((e) => new EvaluateAlertRulesCommand(e.readings)),
    );

  @Saga()
  locationReported = (events$: Observable<IEvent>): Observable<ICommand> =>
    events$.pipe(
      ofType(TelemetryBatchRecordedEvent),
      map((e) => new EvaluateLocationDriftCommand(e.readings)),
    );

  @Saga()
  livenessChanged = (events$: Observable<IEvent>): Observable<ICommand> =>
    merge(
      events$.pipe(
        ofType(KioskWentStaleEvent, KioskWentOfflineEvent, KioskCameBackEvent),
        map((e) => new EvaluateKioskLivenessCommand(e.snapshot, null)),
      ),
      // Leaving silence for a commanded status is not a "came back", yet it ends liveness alerts.
      events$.pipe(
        ofType(KioskStatusChangedEvent),
        filter((e) => SILENT.includes(e.previous) && RECOVERED_TO.includes(e.snapshot.status)),
        map((e) => new EvaluateKioskLivenessCommand(e.snapshot, e.previous)),
      ),
    );

  @Saga()
  paymentFailed = (events$: Observable<IEvent>): Observable<ICommand> =>
    events$.pipe(
      ofType(PaymentRecordedEvent),
      filter((e) => e.payment.status === 'failed'),
      map((e) => new RecordFailedPaymentCommand(e.payment.kioskId, e.payment.method)),
    );

  @Saga()
  anomalyDetected = (events$: Observable<IEvent>): Observable<ICommand> =>
    events$.pipe(
      ofType(AnomalyDetectedEvent),
      map((e) => new RaiseAnomalyAlertCommand(e.anomaly)),
    );

  @Saga()
  cashMismatchDetected = (events$: Observable<IEvent>): Observable<ICommand> =>
    events$.pipe(
      ofType(CashMismatchDetectedEvent),
      map((e) => new RaiseCashMismatchAlertCommand(e.mismatch)),
    );
}
