import type { Schema } from '@kiosk-fleet/sdk';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { answer, page, signedInAs } from '../../../test/fake-api';
import AlertRulesPage from './AlertRulesPage';

/** Rendering whole pages with their dialogs: generous on a machine shared with browser e2e runs. */
const RENDER_TIMEOUT_MS = 30_000;

const rule: Schema<'AlertRuleDto'> = {
  id: '11111111-1111-4111-8111-111111111111',
  name: 'CPU hot',
  severity: 'major',
  enabled: true,
  scope: { kind: 'all' },
  condition: { field: 'hardware.cpu_temp', op: '>', value: 85 },
  forSeconds: 0,
  createdAt: '2026-12-01T10:00:00.000Z',
  updatedAt: '2026-12-01T10:00:00.000Z',
};
const offline: Schema<'AlertRuleDto'> = {
  ...rule,
  id: '22222222-2222-4222-8222-222222222222',
  name: 'Offline long',
  condition: { liveness: 'offline', forSeconds: 600 },
};
const listRules = answer('GET', '/api/v1/alert-rules', 200, page([rule, offline]));

describe('alert rules page', { timeout: RENDER_TIMEOUT_MS }, () => {
  it('describes each rule in words and offers a backtest for telemetry rules only', async () => {
    const { wrap } = await signedInAs('admin', [listRules]);
    render(wrap(<AlertRulesPage />));
    expect(await screen.findByText('CPU temperature (°C) > 85')).toBeInTheDocument();
    expect(screen.getByText('Offline for 600 s')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Backtest CPU hot' })).toBeEnabled();
    expect(screen.getByRole('button', { name: 'Backtest Offline long' })).toBeDisabled();
  });

  it('puts nested condition and scope errors from the API beside their own inputs', async () => {
    const refused = answer('POST', '/api/v1/alert-rules', 400, {
      statusCode: 400,
      error: 'Bad Request',
      message: 'Invalid alert rule',
      details: [
        { field: 'scope.value', message: 'unknown kiosk 999' },
        { field: 'condition.any[1].value', message: "value of 'hardware.cpu_usage' must be a number" },
      ],
    });
    const { wrap, received } = await signedInAs('admin', [listRules, refused]);
    render(wrap(<AlertRulesPage />));
    fireEvent.click(await screen.findByRole('button', { name: 'New rule' }));
    const dialog = screen.getByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'Busy and hot' } });
    fireEvent.change(within(dialog).getByLabelText('Applies to'), { target: { value: 'kiosk' } });
    fireEvent.change(within(dialog).getByLabelText('Kiosk id'), { target: { value: '999' } });
    fireEvent.change(within(dialog).getByLabelText('Value 1'), { target: { value: '85' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add clause' }));
    fireEvent.change(within(dialog).getByLabelText('Reading 2'), { target: { value: 'hardware.cpu_usage' } });
    fireEvent.change(within(dialog).getByLabelText('Value 2'), { target: { value: '90' } });
    fireEvent.change(within(dialog).getByLabelText('Raise when'), { target: { value: 'any' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'New rule' }));

    await waitFor(() =>
      expect(within(dialog).getByLabelText('Kiosk id')).toHaveAccessibleDescription('unknown kiosk 999'),
    );
    expect(within(dialog).getByLabelText('Value 2')).toHaveAccessibleDescription(
      "value of 'hardware.cpu_usage' must be a number",
    );
    expect(received.find((r) => r.method === 'POST')?.body).toEqual({
      name: 'Busy and hot',
      severity: 'major',
      enabled: true,
      scope: { kind: 'kiosk', value: 999 },
      condition: {
        any: [
          { field: 'hardware.cpu_temp', op: '>', value: 85 },
          { field: 'hardware.cpu_usage', op: '>', value: 90 },
        ],
      },
      forSeconds: 0,
    });
  });

  it('runs a backtest and shows how many alerts the rule would have raised, per kiosk', async () => {
    const result = answer('POST', `/api/v1/alert-rules/${rule.id}/backtest`, 200, {
      wouldRaise: 3,
      kiosks: [
        { kioskId: 4, count: 1, firstAt: '2026-12-06T08:00:00.000Z' },
        { kioskId: 9, count: 2, firstAt: '2026-12-06T07:00:00.000Z' },
      ],
    });
    const { wrap, received } = await signedInAs('admin', [listRules, result]);
    render(wrap(<AlertRulesPage />));
    fireEvent.click(await screen.findByRole('button', { name: 'Backtest CPU hot' }));
    const dialog = screen.getByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Run backtest' }));

    expect(await within(dialog).findByText('3 alerts would have been raised')).toBeInTheDocument();
    expect(within(dialog).getByText('on 2 kiosks')).toBeInTheDocument();
    const rows = within(within(dialog).getByRole('table')).getAllByRole('row');
    expect(rows.map((r) => r.textContent?.slice(0, 3))).toEqual(['Kio', '#92', '#41']);
    const body = received.find((r) => r.method === 'POST')?.body as { from: string; to: string };
    expect(Date.parse(body.to) - Date.parse(body.from)).toBe(86_400_000);
  });
});
