import { USAGE, UsageError, resolveOptions } from './cli-options';
import { ConfigError } from './config-file';
import { ProvisionError } from './provision';
import { simulate } from './simulate';

/** Exit codes: 0 ran to the end, 1 unexpected failure, 2 bad usage, 3 provisioning failed, 130 interrupted. */
const EXIT = { ok: 0, crash: 1, usage: 2, provisioning: 3, interrupted: 130 } as const;

async function run(argv: string[]): Promise<number> {
  const opts = resolveOptions(argv, process.env);
  if (opts.help) {
    process.stdout.write(USAGE);
    return EXIT.ok;
  }
  const abort = new AbortController();
  process.once('SIGINT', () => abort.abort());
  process.once('SIGTERM', () => abort.abort());
  const { summary, interrupted } = await simulate(opts, {
    log: opts.json ? undefined : (line) => process.stderr.write(`${line}\n`),
    progress: !opts.json,
    abort: abort.signal,
  });
  // stdout carries only the summary, so `--json | jq` works; progress went to stderr.
  process.stdout.write(`${JSON.stringify(summary, null, opts.json ? undefined : 2)}\n`);
  return interrupted ? EXIT.interrupted : EXIT.ok;
}

run(process.argv.slice(2)).then(
  // Sockets and worker handles are closed by now; exiting explicitly keeps a stray handle from hanging the run.
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UsageError || err instanceof ConfigError) {
      process.stderr.write(`error: ${err.message}\n\nRun with --help for usage.\n`);
      process.exit(EXIT.usage);
    }
    if (err instanceof ProvisionError) {
      process.stderr.write(`provisioning failed: ${err.message}\n`);
      process.exit(EXIT.provisioning);
    }
    process.stderr.write(
      `kiosk-simulator crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(EXIT.crash);
  },
);
