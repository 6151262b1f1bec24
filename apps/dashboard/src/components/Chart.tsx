import { useEffect, useRef, type ReactNode } from 'react';
import uPlot, { type AlignedData, type Options } from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  label: string;
  /** Stroke colour (hex); use STATUS_COLORS / the page's palette. */
  color: string;
  /** Appended to values in the legend, e.g. `°C`. */
  unit?: string;
  /** Fill under the line with a faint tint of `color`. */
  fill?: boolean;
  dash?: number[];
  /** A second y scale (e.g. `score`) drawn on a right-hand axis. */
  scale?: string;
  /** Draw bars instead of a line (counts per bucket). */
  bars?: boolean;
  /** Where a bar sits against its x: -1 left of it, 1 right of it (two series side by side), 0 centred. */
  barAlign?: -1 | 0 | 1;
  /** Points only, no line (sparse events such as anomalies). */
  pointsOnly?: boolean;
}

export interface ChartProps {
  /** What the chart shows, for screen readers (the canvas itself says nothing). */
  label: string;
  /** `[x, ...ys]`: x in unix seconds (time axis) or any number; ys may contain null gaps. */
  data: AlignedData;
  series: ChartSeries[];
  height?: number;
  /** Shade between two series (e.g. a forecast's low/high interval), 1-based series indexes. */
  bands?: { upper: number; lower: number; fill: string }[];
  /** Title of the left y axis (e.g. its unit). */
  yLabel?: string;
  /** Fixed range of the default y scale; auto when absent. */
  yRange?: [number, number];
  /** x is not time (e.g. buckets by kiosk): the x axis shows plain numbers. */
  numericX?: boolean;
  /** Categories along x (x = 0, 1, 2 … indexes them): the axis and the legend show these names. */
  xLabels?: string[];
  /** What the categories are (e.g. "Kiosk"): the legend's name for them, instead of uPlot's "Value". */
  xName?: string;
  /** A text alternative shown to screen readers (e.g. the latest values). */
  summary?: ReactNode;
}

function withAlpha(hex: string, alpha: number): string {
  const a = Math.round(alpha * 255)
    .toString(16)
    .padStart(2, '0');
  return `${hex}${a}`;
}

/** Wide enough for the longest tick label (`80,000` must not lose its first digit), never under 48 px. */
function yAxisSize(_u: uPlot, values: string[] | null): number {
  const longest = Math.max(0, ...(values ?? []).map((v) => v.length));
  return Math.max(48, 14 + longest * 7);
}

/** The last x that has a value in any series: what the legend shows while the cursor is away. */
function latestIndex(u: uPlot): number | null {
  const [xs, ...ys] = u.data;
  for (let i = xs.length - 1; i >= 0; i--) if (ys.some((col) => col[i] != null)) return i;
  return null;
}

/**
 * At rest uPlot's live legend shows placeholders ("Time: --", "Value: —"); it shows the latest values
 * instead, and follows the cursor again on hover.
 */
function legendAtRest(u: uPlot): void {
  if (u.cursor.idx == null) u.setLegend({ idx: latestIndex(u) ?? undefined }, false);
}

function buildOptions(props: ChartProps, width: number): Options {
  const xLabels = props.xLabels;
  const scales = new Set(props.series.map((s) => s.scale).filter((s): s is string => Boolean(s)));
  const axisStyle = {
    stroke: '#475569',
    grid: { stroke: '#e2e8f0', width: 1 },
    ticks: { stroke: '#cbd5e1', width: 1 },
  };
  return {
    width,
    height: props.height ?? 220,
    scales: {
      x: xLabels
        ? { time: false, range: [-0.5, Math.max(0.5, xLabels.length - 0.5)] }
        : { time: !props.numericX },
      y: props.yRange ? { range: props.yRange } : {},
    },
    legend: { live: true },
    hooks: { ready: [legendAtRest], setData: [legendAtRest], setCursor: [legendAtRest] },
    cursor: { drag: { x: true, y: false } },
    series: [
      xLabels
        ? {
            label: props.xName ?? '',
            value: (_u: uPlot, v: number | null) => (v === null ? '—' : (xLabels[v] ?? '')),
          }
        : {},
      ...props.series.map((s) => ({
        label: s.label,
        stroke: s.color,
        width: s.pointsOnly ? 0 : 1.75,
        dash: s.dash,
        scale: s.scale ?? 'y',
        // Bars are solid (an outline alone reads as an empty chart); lines get a faint tint on request.
        fill: s.bars ? withAlpha(s.color, 0.85) : s.fill ? withAlpha(s.color, 0.12) : undefined,
        spanGaps: false,
        points: s.pointsOnly ? { show: true, size: 6, fill: s.color } : { show: false },
        paths: s.bars
          ? uPlot.paths.bars?.(s.barAlign ? { size: [0.35, 24], align: s.barAlign } : { size: [0.7, 40] })
          : undefined,
        value: (_u: uPlot, v: number | null) =>
          v === null ? '—' : `${Number(v.toFixed(2))}${s.unit ? ` ${s.unit}` : ''}`,
      })),
    ],
    bands: props.bands?.map((b) => ({ series: [b.upper, b.lower] as [number, number], fill: b.fill })),
    axes: [
      xLabels
        ? {
            ...axisStyle,
            grid: { show: false },
            splits: () => xLabels.map((_, i) => i),
            values: (_u: uPlot, splits: number[]) => splits.map((i) => xLabels[i] ?? ''),
          }
        : axisStyle,
      { ...axisStyle, size: yAxisSize, label: props.yLabel, labelSize: props.yLabel ? 20 : undefined },
      ...[...scales].map((scale) => ({
        ...axisStyle,
        scale,
        side: 1,
        grid: { show: false },
        size: yAxisSize,
      })),
    ],
  };
}

/**
 * A uPlot chart that follows its container's width. The plot is built once per shape (series,
 * bands, height) and then only fed new data, which is what keeps live charts cheap: appending a
 * point is `setData`, not a re-render of the chart.
 */
export function Chart(props: ChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const latest = useRef(props);
  latest.current = props;
  const shape = JSON.stringify([
    props.series,
    props.bands,
    props.height,
    props.yRange,
    props.yLabel,
    props.numericX,
    props.xLabels,
    props.xName,
  ]);

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const instance = new uPlot(buildOptions(latest.current, el.clientWidth || 600), latest.current.data, el);
    plot.current = instance;
    const resize =
      typeof ResizeObserver === 'undefined'
        ? undefined
        : new ResizeObserver(([entry]) => {
            const width = Math.floor(entry.contentRect.width);
            if (width > 0 && width !== instance.width) instance.setSize({ width, height: instance.height });
          });
    resize?.observe(el);
    return () => {
      resize?.disconnect();
      instance.destroy();
      plot.current = null;
    };
  }, [shape]);

  useEffect(() => {
    plot.current?.setData(props.data);
  }, [props.data]);

  return (
    <figure className="w-full" aria-label={props.label} role="figure">
      <div ref={host} className="w-full text-xs text-slate-700" aria-hidden="true" />
      {props.summary && <figcaption className="sr-only">{props.summary}</figcaption>}
    </figure>
  );
}
