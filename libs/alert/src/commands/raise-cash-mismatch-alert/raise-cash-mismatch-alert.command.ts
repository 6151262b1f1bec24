import type { CashMismatchDetectedEvent } from '@app/contracts';

export class RaiseCashMismatchAlertCommand {
  constructor(readonly mismatch: CashMismatchDetectedEvent['mismatch']) {}
}
