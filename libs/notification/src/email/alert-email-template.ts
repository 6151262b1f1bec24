import type { AlertSeverity } from '@app/contracts';

/** What an alert email says, gathered from the event and the kiosk it concerns. */
export interface AlertEmailFacts {
  alertId: string;
  title: string;
  severity: AlertSeverity | string;
  status: string;
  /** What happened to the alert: raised, acknowledged, resolved, escalated, reopened… or a reminder. */
  what: string;
  occurredAt: string;
  kiosk: { id: number; name: string; serial: string; location: string } | null;
  explanation: { text: string }[] | null;
  link: string;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** "Av. Corrientes 1234 (-34.6037, -58.3816)", or just the coordinates. */
export function describeLocation(address: string | null, lat: number, lng: number): string {
  const coords = `${lat.toFixed(4)}, ${lng.toFixed(4)}`;
  return address ? `${address} (${coords})` : coords;
}

function kioskLine(f: AlertEmailFacts): string {
  return f.kiosk ? `${f.kiosk.name} (${f.kiosk.serial}, #${f.kiosk.id})` : 'several kiosks (site incident)';
}

/** The email of one alert event, in plain text and HTML saying the same. */
export function renderAlertEmail(f: AlertEmailFacts): RenderedEmail {
  const where = f.kiosk ? ` at ${f.kiosk.name}` : '';
  const subject = `[${String(f.severity).toUpperCase()}] ${f.title}${where} — ${f.what}`;
  const explanation = f.explanation?.filter((e) => e.text).map((e) => e.text) ?? [];
  const lines = [
    `${f.title} — ${f.what}`,
    '',
    `Kiosk:     ${kioskLine(f)}`,
    ...(f.kiosk ? [`Location:  ${f.kiosk.location}`] : []),
    `Severity:  ${f.severity}`,
    `Status:    ${f.status}`,
    `When:      ${f.occurredAt}`,
    ...(explanation.length ? ['', 'Why:', ...explanation.map((t) => `  - ${t}`)] : []),
    '',
    `Open the alert: ${f.link}`,
  ];
  const row = (k: string, v: string) =>
    `<tr><th align="left" style="padding-right:12px">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`;
  const html = [
    `<h2>${escapeHtml(f.title)} — ${escapeHtml(f.what)}</h2>`,
    '<table>',
    row('Kiosk', kioskLine(f)),
    ...(f.kiosk ? [row('Location', f.kiosk.location)] : []),
    row('Severity', String(f.severity)),
    row('Status', f.status),
    row('When', f.occurredAt),
    '</table>',
    ...(explanation.length
      ? ['<p><strong>Why:</strong></p><ul>', ...explanation.map((t) => `<li>${escapeHtml(t)}</li>`), '</ul>']
      : []),
    `<p><a href="${escapeHtml(f.link)}">Open the alert</a></p>`,
  ].join('\n');
  return { subject, text: lines.join('\n'), html };
}

export interface DigestItem {
  eventId: string;
  summary: string;
  occurredAt: string;
  link: string;
}

/** The notifications over budget in one window, folded into one email. */
export function renderDigestEmail(kioskLabel: string, windowEnd: Date, items: DigestItem[]): RenderedEmail {
  const subject = `Digest: ${items.length} more notification${items.length === 1 ? '' : 's'} for ${kioskLabel}`;
  const intro = `These came in after the notification budget for ${kioskLabel} was spent (window ending ${windowEnd.toISOString()}):`;
  const text = [intro, '', ...items.map((i) => `- ${i.occurredAt}  ${i.summary}\n  ${i.link}`)].join('\n');
  const html = [
    `<p>${escapeHtml(intro)}</p>`,
    '<ul>',
    ...items.map(
      (i) =>
        `<li>${escapeHtml(i.occurredAt)} — <a href="${escapeHtml(i.link)}">${escapeHtml(i.summary)}</a></li>`,
    ),
    '</ul>',
  ].join('\n');
  return { subject, text, html };
}
