import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { emptyBatch } from '../../feed/events';
import { answer, signedInAs, type Route } from '../../test/fake-api';
import { KioskConfigCard } from './KioskConfigCard';
import { configFeedMerger, type KioskConfig } from './queries';

/** Rendering whole pages with their dialogs: generous on a machine shared with browser e2e runs. */
const RENDER_TIMEOUT_MS = 30_000;
const PATH = '/api/v1/kiosks/7/config';

function config(over: Partial<KioskConfig> = {}): KioskConfig {
  return {
    kioskId: 7,
    desiredVersion: 3,
    appliedVersion: 2,
    settings: { telemetry_interval_sec: 10, screen_brightness: 80 },
    ownSettings: { screen_brightness: 80 },
    pending: { commandId: '5d0c1f7a-0000-4000-8000-000000000001', version: 3, status: 'sent' },
    ...over,
  };
}

const bad = (status: number, message: string, details: { field: string; message: string }[]) => ({
  statusCode: status,
  error: status === 400 ? 'Bad Request' : 'Unprocessable Entity',
  message,
  details,
});

describe('remote configuration on the kiosk page', { timeout: RENDER_TIMEOUT_MS }, () => {
  it('shows desired and applied versions, the drift and the merged settings; a viewer cannot edit', async () => {
    const { wrap } = await signedInAs('viewer', [answer('GET', PATH, 200, config())]);
    render(wrap(<KioskConfigCard kioskId={7} />));
    expect(await screen.findByTestId('config-desired-version')).toHaveTextContent('3');
    expect(screen.getByTestId('config-applied-version')).toHaveTextContent('2');
    expect(screen.getByText('Not applied yet')).toBeInTheDocument();
    expect(screen.getByText('Version 3 on its way: Sent.')).toBeInTheDocument();
    expect(JSON.parse(screen.getByTestId('config-settings').textContent ?? '')).toEqual({
      telemetry_interval_sec: 10,
      screen_brightness: 80,
    });
    expect(screen.queryByRole('button', { name: 'Edit settings' })).toBeNull();
  });

  it('says when the kiosk runs what it should', async () => {
    const { wrap } = await signedInAs('viewer', [
      answer('GET', PATH, 200, config({ appliedVersion: 3, pending: null })),
    ]);
    render(wrap(<KioskConfigCard kioskId={7} />));
    expect(await screen.findByText('Applied')).toBeInTheDocument();
  });

  it('lets an operator replace the kiosk’s own settings and shows the new desired version', async () => {
    let saved = false;
    const routes: Route[] = [
      (req) =>
        req.method === 'GET' && req.url.pathname === PATH
          ? { status: 200, body: saved ? config({ desiredVersion: 4 }) : config() }
          : undefined,
      (req) => {
        if (req.method !== 'PUT' || req.url.pathname !== PATH) return undefined;
        saved = true;
        return { status: 200, body: config({ desiredVersion: 4, ownSettings: { screen_brightness: 40 } }) };
      },
    ];
    const { wrap, received } = await signedInAs('operator', routes);
    render(wrap(<KioskConfigCard kioskId={7} />));
    fireEvent.click(await screen.findByRole('button', { name: 'Edit settings' }));
    const dialog = screen.getByRole('dialog', { name: 'Kiosk settings' });
    const editor = within(dialog).getByLabelText('Settings (JSON)');
    expect(JSON.parse((editor as HTMLTextAreaElement).value)).toEqual({ screen_brightness: 80 });

    fireEvent.change(editor, { target: { value: '{"screen_brightness": 40}' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.getByTestId('config-desired-version')).toHaveTextContent('4');
    expect(received.find((r) => r.method === 'PUT')?.body).toEqual({ settings: { screen_brightness: 40 } });
  });

  it('refuses text that is not a JSON object before sending it', async () => {
    const { wrap, received } = await signedInAs('admin', [answer('GET', PATH, 200, config())]);
    render(wrap(<KioskConfigCard kioskId={7} />));
    fireEvent.click(await screen.findByRole('button', { name: 'Edit settings' }));
    const dialog = screen.getByRole('dialog');
    const editor = within(dialog).getByLabelText('Settings (JSON)');
    fireEvent.change(editor, { target: { value: '{"a": 1' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save settings' }));
    expect(editor).toHaveAccessibleDescription('This is not valid JSON.');
    fireEvent.change(editor, { target: { value: '[1, 2]' } });
    expect(editor).toHaveAccessibleDescription(
      'The settings must be a JSON object ({…}), not a list or a single value.',
    );
    fireEvent.change(editor, { target: { value: JSON.stringify({ blob: 'x'.repeat(9000) }) } });
    expect(editor).toHaveAccessibleDescription('The settings take 9011 bytes as JSON; at most 8192.');
    expect(received.filter((r) => r.method === 'PUT')).toEqual([]);
  });

  it('shows the API’s 400 details under the editor and a 422 above it', async () => {
    let puts = 0;
    const { wrap } = await signedInAs('admin', [
      answer('GET', PATH, 200, config()),
      (req) => {
        if (req.method !== 'PUT') return undefined;
        puts += 1;
        return puts === 1
          ? {
              status: 400,
              body: bad(400, 'Validation failed', [
                { field: 'settings', message: 'settings nest deeper than 8 levels' },
              ]),
            }
          : {
              status: 422,
              body: bad(422, 'The merged settings of 1 kiosk(s) would exceed 8192 bytes', [
                { field: 'kiosk', message: 'kiosk 7: merged settings would take 9100 bytes' },
              ]),
            };
      },
    ]);
    render(wrap(<KioskConfigCard kioskId={7} />));
    fireEvent.click(await screen.findByRole('button', { name: 'Edit settings' }));
    const dialog = screen.getByRole('dialog');
    const editor = within(dialog).getByLabelText('Settings (JSON)');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(editor).toHaveAccessibleDescription('settings nest deeper than 8 levels'));

    fireEvent.change(editor, { target: { value: '{"screen_brightness": 41}' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save settings' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'The merged settings of 1 kiosk(s) would exceed 8192 bytes — kiosk: kiosk 7: merged settings would take 9100 bytes',
    );
  });

  it('reads the configuration again when its configure command moves', async () => {
    let reads = 0;
    const { wrap, queryClient } = await signedInAs('viewer', [
      (req) => {
        if (req.method !== 'GET' || req.url.pathname !== PATH) return undefined;
        reads += 1;
        return { status: 200, body: reads === 1 ? config() : config({ appliedVersion: 3, pending: null }) };
      },
    ]);
    render(wrap(<KioskConfigCard kioskId={7} />));
    await screen.findByText('Not applied yet');
    act(() =>
      configFeedMerger(queryClient, {
        ...emptyBatch(),
        commands: [
          {
            id: '5d0c1f7a-0000-4000-8000-000000000001',
            kioskId: 7,
            command: 'configure',
            status: 'succeeded',
            at: '2026-12-07T10:00:00.000Z',
          },
        ],
      }),
    );
    expect(await screen.findByText('Applied')).toBeInTheDocument();
    expect(screen.getByTestId('config-applied-version')).toHaveTextContent('3');
  });
});
