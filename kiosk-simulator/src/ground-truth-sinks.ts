import { createWriteStream, WriteStream } from 'node:fs';
import { once } from 'node:events';
import { GroundTruthFormat, csvHeader } from '../../libs/kiosk-signals/src';

/**
 * Where the ground-truth lines go: a file on the main thread, fed in batches by the worker threads.
 * The lines themselves are formatted by the shared kiosk-signals library, the one the training
 * pipeline reads them back with.
 */
export interface GroundTruthSink {
  write(line: string): void;
}

export function formatFromPath(path: string): GroundTruthFormat {
  return path.toLowerCase().endsWith('.csv') ? 'csv' : 'jsonl';
}

/** Appends lines to a file; lines from worker threads arrive here already formatted. */
export class FileGroundTruthWriter implements GroundTruthSink {
  private readonly stream: WriteStream;
  lines = 0;

  constructor(
    readonly path: string,
    readonly format: GroundTruthFormat,
  ) {
    this.stream = createWriteStream(path, { flags: 'w' });
    if (format === 'csv') this.stream.write(csvHeader());
  }

  write(chunk: string): void {
    this.stream.write(chunk);
  }

  async close(): Promise<void> {
    this.stream.end();
    await once(this.stream, 'finish');
  }
}

/** Collects lines in memory and hands them over in batches (a worker posting to the main thread). */
export class BatchingSink implements GroundTruthSink {
  private buffer: string[] = [];

  constructor(private readonly flushTo: (chunk: string) => void) {}

  write(line: string): void {
    this.buffer.push(line);
    if (this.buffer.length >= 2000) this.flush();
  }

  flush(): void {
    if (this.buffer.length === 0) return;
    const chunk = this.buffer.join('');
    this.buffer = [];
    this.flushTo(chunk);
  }
}
