/**
 * Daily revenue forecasting: additive Holt-Winters with a damped trend and weekly seasonality.
 *
 * Kiosk sales follow the week (stations on weekdays, shops on weekends) around a slowly moving level;
 * a damped trend keeps a few good weeks from extrapolating into a boom. Parameters are fitted by grid
 * search on one-step-ahead squared error, which is cheap at a year of daily points. Prediction
 * intervals use the analytic h-step variance of the additive model (Hyndman et al., "Forecasting
 * with Exponential Smoothing", class 2), from the one-step residuals.
 */
export const SEASON = 7;
/** Two full weeks: one to initialise the seasonal indices, one to see them repeat. */
export const MIN_HISTORY_DAYS = 2 * SEASON;

export interface HoltWintersParams {
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
}

export interface HoltWintersFit {
  params: HoltWintersParams;
  level: number;
  trend: number;
  /** The last SEASON seasonal indices, oldest first: season[i] belongs to day n - SEASON + i. */
  season: number[];
  /** Standard deviation of the one-step-ahead residuals. */
  sigma: number;
  n: number;
}

export interface ForecastPoint {
  expected: number;
  low: number;
  high: number;
}

const ALPHAS = [0.05, 0.1, 0.2, 0.3, 0.5, 0.7];
const BETAS = [0, 0.02, 0.05, 0.1, 0.2];
const GAMMAS = [0.05, 0.1, 0.2, 0.3, 0.5];
const PHI = 0.95;
/** Two-sided 95 % normal quantile. */
const Z95 = 1.959964;

interface Run {
  sse: number;
  level: number;
  trend: number;
  season: number[];
}

function initialState(y: readonly number[]): { level: number; trend: number; season: number[] } {
  const first = y.slice(0, SEASON);
  const second = y.slice(SEASON, 2 * SEASON);
  const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const level = mean(first);
  const trend = (mean(second) - level) / SEASON;
  return { level, trend, season: first.map((v) => v - level) };
}

/** Runs the recursions over the whole series; one-step errors from the second season on. */
function run(y: readonly number[], p: HoltWintersParams): Run {
  const init = initialState(y);
  let { level, trend } = init;
  const season = [...init.season];
  let sse = 0;
  for (let t = SEASON; t < y.length; t++) {
    const s = season[t % SEASON] as number;
    const yt = y[t] as number;
    const predicted = level + p.phi * trend + s;
    const error = yt - predicted;
    sse += error * error;
    const previousLevel = level;
    level = p.alpha * (yt - s) + (1 - p.alpha) * (previousLevel + p.phi * trend);
    trend = p.beta * (level - previousLevel) + (1 - p.beta) * p.phi * trend;
    season[t % SEASON] = p.gamma * (yt - level) + (1 - p.gamma) * s;
  }
  // Rotate so that index 0 is the seasonal index of day n - SEASON.
  const rotated = Array.from({ length: SEASON }, (_, i) => season[(y.length + i) % SEASON] as number);
  return { sse, level, trend, season: rotated };
}

/** Fits the model to a daily series (oldest first) of at least MIN_HISTORY_DAYS points. */
export function fitHoltWinters(y: readonly number[]): HoltWintersFit {
  if (y.length < MIN_HISTORY_DAYS) {
    throw new RangeError(`Holt-Winters needs at least ${MIN_HISTORY_DAYS} days, got ${y.length}`);
  }
  let best: { run: Run; params: HoltWintersParams } | undefined;
  for (const alpha of ALPHAS) {
    for (const beta of BETAS) {
      for (const gamma of GAMMAS) {
        const params = { alpha, beta, gamma, phi: PHI };
        const r = run(y, params);
        if (!best || r.sse < best.run.sse) best = { run: r, params };
      }
    }
  }
  const { run: r, params } = best as { run: Run; params: HoltWintersParams };
  const residuals = y.length - SEASON;
  return {
    params,
    level: r.level,
    trend: r.trend,
    season: r.season,
    sigma: Math.sqrt(r.sse / Math.max(1, residuals - 1)),
    n: y.length,
  };
}

/**
 * The next `horizon` days with 95 % intervals. Revenue is never negative, so the expectation and
 * the lower bound are floored at zero.
 */
export function forecastHoltWinters(fit: HoltWintersFit, horizon: number): ForecastPoint[] {
  const { alpha, beta, gamma, phi } = fit.params;
  const out: ForecastPoint[] = [];
  let dampedSum = 0;
  let varianceFactor = 1;
  for (let h = 1; h <= horizon; h++) {
    dampedSum += phi ** h;
    const mean = fit.level + dampedSum * fit.trend + (fit.season[(h - 1) % SEASON] as number);
    const spread = Z95 * fit.sigma * Math.sqrt(varianceFactor);
    out.push({
      expected: Math.max(0, mean),
      low: Math.max(0, mean - spread),
      high: Math.max(0, mean + spread),
    });
    // c_h = α(1 + β·Σφ^i) + γ·[h is a multiple of the season]: the weight of today's error h days out.
    const c = alpha * (1 + beta * dampedSum) + (h % SEASON === 0 ? gamma : 0);
    varianceFactor += c * c;
  }
  return out;
}

/** Repeats the last observed week: the benchmark any weekly forecast has to beat. */
export function seasonalNaive(y: readonly number[], horizon: number): number[] {
  const lastWeek = y.slice(-SEASON);
  return Array.from({ length: horizon }, (_, h) => lastWeek[h % lastWeek.length] as number);
}

/** Mean absolute percentage error over the days with sales (a zero day has no percentage). */
export function mape(actual: readonly number[], predicted: readonly number[]): number | null {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i] as number;
    if (a <= 0) continue;
    sum += Math.abs((a - (predicted[i] as number)) / a);
    count++;
  }
  return count ? sum / count : null;
}

export interface Backtest {
  /** Days held out at the end of the history. */
  days: number;
  mape: number | null;
  baselineMape: number | null;
}

/**
 * Holds out the last weeks of the history (up to two, leaving at least MIN_HISTORY_DAYS to fit),
 * forecasts them from what came before, and scores the model against the seasonal-naive baseline.
 */
export function backtestHoltWinters(y: readonly number[]): Backtest | null {
  const holdout = Math.min(2 * SEASON, y.length - MIN_HISTORY_DAYS);
  if (holdout < SEASON) return null;
  const train = y.slice(0, y.length - holdout);
  const test = y.slice(y.length - holdout);
  const model = forecastHoltWinters(fitHoltWinters(train), holdout).map((p) => p.expected);
  return {
    days: holdout,
    mape: mape(test, model),
    baselineMape: mape(test, seasonalNaive(train, holdout)),
  };
}
