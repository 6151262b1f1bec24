/* The dashboard's browser test harness: see ../README.md. */
export { expectNoSeriousAxeViolations, axeViolations, describeViolations } from './axe';
export type { AxeViolation } from './axe';
export { launchChromium, openTrackedPage, CHROMIUM_PATH } from './browser';
export { ensureDashboardBuilt, DASHBOARD_DIST } from './build';
export { useDashboard } from './dashboard';
export type {
  Dashboard,
  DashboardOptions,
  DashboardUser,
  PageOpenOptions,
  SimulatedKiosk,
} from './dashboard';
export { APP_MAIN, fillSignInForm } from './sign-in';
export { writeQrPng, writeQrY4m } from './qr-media';
export { startSimulator } from './simulator';
export type { RunningSimulator, SimulatorOptions } from './simulator';
