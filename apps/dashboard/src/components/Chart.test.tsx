import { render } from '@testing-library/react';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { Chart } from './Chart';

// uPlot reads the pixel ratio through matchMedia when its module loads and draws paths with Path2D;
// jsdom has neither.
vi.hoisted(() => {
  globalThis.Path2D ??= class {
    moveTo() {}
    lineTo() {}
    rect() {}
    arc() {}
    closePath() {}
    bezierCurveTo() {}
    addPath() {}
  } as unknown as typeof Path2D;
  window.matchMedia ??= ((query: string) => ({
    matches: false,
    media: query,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
  })) as unknown as typeof window.matchMedia;
});

beforeAll(() => {
  // jsdom has no canvas; uPlot only needs a context that accepts its drawing calls.
  const noop = () => undefined;
  const ctx = new Proxy(
    {},
    { get: (_t, key) => (key === 'measureText' ? () => ({ width: 10 }) : noop), set: () => true },
  );
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(
    ctx as unknown as CanvasRenderingContext2D,
  );
});

describe('Chart legend', () => {
  it('shows the latest values while the cursor is away, not placeholders', async () => {
    const { container } = render(
      <Chart
        label="Temperature"
        data={[
          [1_700_000_000, 1_700_000_060, 1_700_000_120],
          [20, 21.5, null],
          [3, 4, null],
        ]}
        series={[
          { label: 'Temp', color: '#4f46e5', unit: '°C' },
          { label: 'Fan', color: '#dc2626' },
        ]}
      />,
    );
    // uPlot draws (and fills its legend) in a microtask after construction.
    await Promise.resolve();
    const values = [...container.querySelectorAll('.u-legend .u-value')].map((el) => el.textContent);
    expect(values).toHaveLength(3);
    expect(values[1]).toBe('21.5 °C');
    expect(values[2]).toBe('4');
    expect(values[0]).not.toMatch(/^(--|—)$/);
  });

  it('names categories in the legend by what they are, not uPlot’s "Value"', async () => {
    const { container } = render(
      <Chart
        label="MTTR by kiosk"
        data={[
          [0, 1],
          [12, 30],
        ]}
        xLabels={['Lobby North', 'Retiro hall']}
        xName="Kiosk"
        numericX
        series={[{ label: 'MTTR', color: '#4f46e5', bars: true }]}
      />,
    );
    await Promise.resolve();
    const labels = [...container.querySelectorAll('.u-legend .u-label')].map((el) => el.textContent);
    expect(labels).toEqual(['Kiosk', 'MTTR']);
    const values = [...container.querySelectorAll('.u-legend .u-value')].map((el) => el.textContent);
    expect(values[0]).toBe('Retiro hall');
  });
});
