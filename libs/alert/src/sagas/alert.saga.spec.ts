import type { ICommand, IEvent } from '@nestjs/cqrs';
import { lastValueFrom, Observable, of, toArray } from 'rxjs';
import {
  KioskCameBackEvent,
  KioskStatusChangedEvent,
  KioskStatusSnapshot,
  KioskWentOfflineEvent,
  PaymentRecordedEvent,
  PaymentView,
  TelemetryBatchRecordedEvent,
} from '@app/contracts';
import { EvaluateAlertRulesCommand } from '../commands/evaluate-alert-rules/evaluate-alert-rules.command';
import { EvaluateKioskLivenessCommand } from '../commands/evaluate-kiosk-liveness/evaluate-kiosk-liveness.command';
import { EvaluateLocationDriftCommand } from '../commands/evaluate-location-drift/evaluate-location-drift.command';
import { RecordFailedPaymentCommand } from '../commands/record-failed-payment/record-failed-payment.command';
import { AlertSaga } from './alert.saga';

const run = (saga: (e: Observable<IEvent>) => Observable<ICommand>, ...events: IEvent[]) =>
  lastValueFrom(saga(of(...events)).pipe(toArray()));

const snapshot = (status: KioskStatusSnapshot['status']): KioskStatusSnapshot => ({
  kioskId: 7,
  status,
  connected: status !== 'offline',
  reporting: status === 'online',
  peripheralsOk: true,
  canSell: 'full',
  at: new Date(),
});

const payment = (status: PaymentView['status']): PaymentView => ({
  id: 'p',
  kioskId: 7,
  transactionId: 't',
  amount: '1.00',
  amountMinor: 100,
  currency: 'USD',
  method: 'card',
  status,
  refundedAmount: '0.00',
  occurredAt: '2026-11-25T10:00:00.000Z',
  createdAt: '2026-11-25T10:00:00.000Z',
});

describe('AlertSaga', () => {
  const saga = new AlertSaga();

  it('evaluates every committed telemetry batch', async () => {
    const readings = [] as const;
    expect(await run(saga.telemetryRecorded, new TelemetryBatchRecordedEvent(readings))).toEqual([
      new EvaluateAlertRulesCommand(readings),
    ]);
  });

  it('checks every committed telemetry batch for location drift', async () => {
    const readings = [] as const;
    expect(await run(saga.locationReported, new TelemetryBatchRecordedEvent(readings))).toEqual([
      new EvaluateLocationDriftCommand(readings),
    ]);
  });

  it('evaluates liveness on going silent, coming back, and leaving silence for a commanded status only', async () => {
    const commands = await run(
      saga.livenessChanged,
      new KioskWentOfflineEvent(snapshot('offline')),
      new KioskCameBackEvent(snapshot('online')),
      new KioskStatusChangedEvent(snapshot('online'), 'offline'), // already covered by came-back
      new KioskStatusChangedEvent(snapshot('maintenance'), 'offline'),
      new KioskStatusChangedEvent(snapshot('blocked'), 'online'), // never silent: nothing to end
    );
    expect(
      commands.map((c) => [
        (c as EvaluateKioskLivenessCommand).snapshot.status,
        (c as EvaluateKioskLivenessCommand).previous,
      ]),
    ).toEqual([
      ['offline', null],
      ['online', null],
      ['maintenance', 'offline'],
    ]);
  });

  it('counts failed payments only', async () => {
    expect(
      await run(
        saga.paymentFailed,
        new PaymentRecordedEvent(payment('completed')),
        new PaymentRecordedEvent(payment('failed')),
      ),
    ).toEqual([new RecordFailedPaymentCommand(7, 'card')]);
  });
});
