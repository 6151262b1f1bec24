import { QUEUE_JOB_NAMES, QueueName } from '@app/contracts';

/** One registered `@Process(name)` handler, as discovered on a queue's processor classes. */
export interface DiscoveredProcessor {
  queue: string;
  jobName: string | undefined;
  handler: string;
}

/**
 * A job with no processor waits forever; a job with two is processed by whichever registered last.
 * Both are wiring mistakes that only show under load, so the worker refuses to start with either.
 * Returns the list of problems (empty when the wiring is right).
 */
export function findProcessorProblems(
  discovered: DiscoveredProcessor[],
  expected: Record<string, readonly string[]> = QUEUE_JOB_NAMES,
  queues: readonly string[] = Object.values(QueueName),
): string[] {
  const problems: string[] = [];
  for (const queue of queues) {
    const mine = discovered.filter((d) => d.queue === queue);
    const unnamed = mine.filter((d) => d.jobName === undefined || d.jobName === '__default__');
    if (unnamed.length) {
      problems.push(
        `queue "${queue}": unnamed @Process() handler(s) ${unnamed.map((u) => u.handler).join(', ')}`,
      );
    }
    for (const job of expected[queue] ?? []) {
      const handlers = mine.filter((d) => d.jobName === job).map((d) => d.handler);
      if (handlers.length === 0) problems.push(`queue "${queue}": job "${job}" has no processor`);
      if (handlers.length > 1)
        problems.push(
          `queue "${queue}": job "${job}" has ${handlers.length} processors (${handlers.join(', ')})`,
        );
    }
    for (const d of mine) {
      if (d.jobName && d.jobName !== '__default__' && !(expected[queue] ?? []).includes(d.jobName)) {
        problems.push(`queue "${queue}": processor ${d.handler} handles unknown job "${d.jobName}"`);
      }
    }
  }
  for (const d of discovered) {
    if (!queues.includes(d.queue))
      problems.push(`processor ${d.handler} listens on unknown queue "${d.queue}"`);
  }
  return problems;
}
