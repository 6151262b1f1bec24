import { readAlertEvent } from './alert-emails';

describe('readAlertEvent', () => {
  const view = {
    id: 'a1',
    kioskId: 3,
    severity: 'critical',
    status: 'open',
    title: 'Kiosk offline',
    muted: false,
    explanation: [{ feature: 'x', value: 1, contribution: 1, text: 'why' }],
  };

  it('reads the alert resource of alert.raised', () => {
    expect(readAlertEvent(view)).toEqual({ ...view, change: null });
  });

  it('reads the change alert.updated carries beside the resource', () => {
    expect(readAlertEvent({ ...view, status: 'acknowledged', change: 'acknowledged' })).toMatchObject({
      status: 'acknowledged',
      change: 'acknowledged',
    });
  });

  it('refuses data that is not an alert', () => {
    expect(readAlertEvent({ id: 7 })).toBeNull();
    expect(readAlertEvent({ id: 'x' })).toBeNull();
  });
});
