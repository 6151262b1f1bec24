import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

/*
 * axe-core run inside the page. The script goes in through page.evaluate (DevTools protocol), not a
 * <script> tag, so the dashboard's Content-Security-Policy neither blocks it nor has to allow it.
 */

const AXE_SOURCE_PATH = join(__dirname, '..', '..', '..', 'node_modules', 'axe-core', 'axe.min.js');
let axeSource: string | undefined;

interface AxeNode {
  target: unknown[];
  failureSummary?: string;
}

export interface AxeViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  helpUrl: string;
  nodes: AxeNode[];
}

interface AxeWindow {
  document: { getAnimations(): Array<{ finished: Promise<unknown> }> };
  axe?: { run(context: unknown, options: unknown): Promise<{ violations: AxeViolation[] }> };
}

/** Every axe violation on the page as it is now (all rules of the WCAG 2.x A/AA and best-practice sets). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  axeSource ??= readFileSync(AXE_SOURCE_PATH, 'utf8');
  const loaded = await page.evaluate(() => Boolean((globalThis as unknown as AxeWindow).axe));
  if (!loaded) await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const { axe, document } = globalThis as unknown as AxeWindow;
    if (!axe) throw new Error('axe-core did not load');
    // Colours are judged as they settle: a button whose element React reused (a busy "Create"
    // becoming "Done") is mid-way through its colour transition for 150 ms, and axe would measure
    // that blend. Animations that never end (spinners) are not waited for past 2 s.
    const settling = document.getAnimations().map((a) => a.finished.catch(() => undefined));
    await Promise.race([Promise.all(settling), new Promise((resolve) => setTimeout(resolve, 2000))]);
    const result = await axe.run(document, {
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
      },
      resultTypes: ['violations'],
    });
    // Only what crosses back to Node: the DOM nodes themselves cannot.
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
}

/** One line per violation, then its first elements and what axe says to fix. */
export function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 5)
        .map((n) => `      ${JSON.stringify(n.target)}: ${(n.failureSummary ?? '').replace(/\s+/g, ' ')}`);
      const more = v.nodes.length > 5 ? [`      … and ${v.nodes.length - 5} more`] : [];
      return [`  - [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})`, ...nodes, ...more].join('\n');
    })
    .join('\n');
}

/**
 * Fails with a readable list when axe finds a serious or critical violation on the page (minor and
 * moderate ones are not the bar). `what` names the page in the message.
 */
export async function expectNoSeriousAxeViolations(page: Page, what = page.url()): Promise<void> {
  const serious = (await axeViolations(page)).filter(
    (v) => v.impact === 'serious' || v.impact === 'critical',
  );
  if (serious.length) {
    throw new Error(
      `axe: ${serious.length} serious/critical violation(s) on ${what}:\n${describeViolations(serious)}`,
    );
  }
}
