import type { TestApp } from './test-app';

/** The app's Prometheus exposition, as /metrics serves it. */
export async function metricsText(t: TestApp): Promise<string> {
  return (await t.http().get('/metrics').expect(200)).text;
}

/** The value of one series (name and labels, as exposed) in a scrape; 0 while it has not been exposed. */
export const metric = (text: string, line: string): number => {
  const found = text.split('\n').find((l) => l.startsWith(`${line} `));
  return found ? Number(found.slice(line.length + 1)) : 0;
};
