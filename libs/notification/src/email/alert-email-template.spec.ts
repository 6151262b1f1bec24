import { describeLocation, renderAlertEmail, renderDigestEmail } from './alert-email-template';

describe('alert email templates', () => {
  const facts = {
    alertId: 'a1',
    title: 'CPU temperature high',
    severity: 'critical',
    status: 'open',
    what: 'raised',
    occurredAt: '2026-11-25T10:00:00.000Z',
    kiosk: {
      id: 7,
      name: 'Retiro <Hall B>',
      serial: 'K-7',
      location: describeLocation('Av. X 1', -34.6, -58.38),
    },
    explanation: [{ text: 'cpu_temp 97 °C is far above usual' }],
    link: 'https://fleet.example.test/api/v1/alerts/a1',
  };

  it('names the kiosk, location, what happened, the explanation and the link in both parts', () => {
    const e = renderAlertEmail(facts);
    expect(e.subject).toBe('[CRITICAL] CPU temperature high at Retiro <Hall B> — raised');
    for (const part of [e.text, e.html]) {
      expect(part).toContain('K-7');
      expect(part).toContain('Av. X 1 (-34.6000, -58.3800)');
      expect(part).toContain('cpu_temp 97 °C is far above usual');
      expect(part).toContain('https://fleet.example.test/api/v1/alerts/a1');
    }
    expect(e.text).toContain('Retiro <Hall B>');
    expect(e.html).toContain('Retiro &#60;Hall B&#62;');
    expect(e.html).not.toContain('<Hall B>');
  });

  it('leaves out the explanation section when there is none', () => {
    const e = renderAlertEmail({ ...facts, explanation: null });
    expect(e.text).not.toContain('Why:');
    expect(e.html).not.toContain('Why:');
  });

  it('lists every folded notification in a digest', () => {
    const d = renderDigestEmail('Retiro (K-7)', new Date('2026-11-25T11:00:00Z'), [
      { eventId: 'e1', summary: 'Printer jam', occurredAt: '2026-11-25T10:10:00.000Z', link: 'l1' },
      { eventId: 'e2', summary: 'Disk full', occurredAt: '2026-11-25T10:20:00.000Z', link: 'l2' },
    ]);
    expect(d.subject).toBe('Digest: 2 more notifications for Retiro (K-7)');
    expect(d.text).toContain('Printer jam');
    expect(d.text).toContain('Disk full');
    expect(d.html).toContain('<a href="l2">Disk full</a>');
  });
});
