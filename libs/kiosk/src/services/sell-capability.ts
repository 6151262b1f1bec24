import type { SellCapability, TelemetryReading } from '@app/contracts';

type Peripherals = TelemetryReading['peripherals'];

/**
 * What a kiosk can sell with the peripherals it reports. A ticket needs a printer that prints
 * (low ink still prints); then cash needs a ready cash acceptor (full or error: no cash) and card
 * needs a ready card reader. A peripheral the kiosk does not report is one it does not have.
 */
export function sellCapability(p: Peripherals): SellCapability {
  const printerOk =
    p.printerStatus === undefined || p.printerStatus === 'ready' || p.printerStatus === 'low_ink';
  if (!printerOk) return 'none';
  const cash = p.cashAcceptor === 'ready';
  const card = p.cardReader === 'ready';
  if (cash && card) return 'full';
  if (card) return 'card_only';
  if (cash) return 'cash_only';
  return 'none';
}

/** Every peripheral the kiosk reports is in its `ready` state. */
export function peripheralsOk(p: Peripherals): boolean {
  return (
    (p.printerStatus ?? 'ready') === 'ready' &&
    (p.cashAcceptor ?? 'ready') === 'ready' &&
    (p.cardReader ?? 'ready') === 'ready'
  );
}
