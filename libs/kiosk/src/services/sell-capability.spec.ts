import { peripheralsOk, sellCapability } from './sell-capability';

describe('sell capability', () => {
  it.each([
    [{ printerStatus: 'ready', cashAcceptor: 'ready', cardReader: 'ready' }, 'full', true],
    [{ printerStatus: 'low_ink', cashAcceptor: 'ready', cardReader: 'ready' }, 'full', false],
    [{ printerStatus: 'ready', cashAcceptor: 'full', cardReader: 'ready' }, 'card_only', false],
    [{ printerStatus: 'ready', cashAcceptor: 'error', cardReader: 'ready' }, 'card_only', false],
    [{ printerStatus: 'ready', cashAcceptor: 'ready', cardReader: 'error' }, 'cash_only', false],
    [{ printerStatus: 'ready', cashAcceptor: 'full', cardReader: 'error' }, 'none', false],
    [{ printerStatus: 'paper_jam', cashAcceptor: 'ready', cardReader: 'ready' }, 'none', false],
    [{ printerStatus: 'offline', cashAcceptor: 'ready', cardReader: 'ready' }, 'none', false],
    [{ cardReader: 'ready' }, 'card_only', true],
    [{}, 'none', true],
  ] as const)('%j → %s (peripherals ok: %s)', (p, expected, ok) => {
    expect(sellCapability(p)).toBe(expected);
    expect(peripheralsOk(p)).toBe(ok);
  });
});
