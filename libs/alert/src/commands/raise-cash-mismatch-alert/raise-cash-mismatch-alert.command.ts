import type { CashMismatchDetectedEvent } from '@app/core';

export class RaiseCashMismatchAlertCommand {
  constructor(readonly mismatch: CashMismatchDetectedEvent['mismatch']) {}
}
