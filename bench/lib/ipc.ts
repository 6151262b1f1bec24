import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';

/*
 * Request/response over the Node IPC channel between the bench and its child processes (load
 * generator, bare server, write-path runner). Children are TypeScript run through ts-node in
 * transpile-only mode: type checking is `npm run typecheck`'s job, and a cold type-checked start
 * of the Nest libraries would eat most of the --quick budget.
 */

interface RpcRequest {
  rpc: number;
  method: string;
  params: unknown;
}

interface RpcReply {
  rpc: number;
  ok: boolean;
  result?: unknown;
  error?: string;
}

const ROOT = join(__dirname, '..', '..');
const children = new Set<ChildProcess>();

/** Forks bench/lib/<script>.ts with extra node flags; its stdout/stderr are the bench's. */
export function forkTs(
  script: string,
  env: Record<string, string> = {},
  nodeArgs: string[] = [],
): ChildProcess {
  const child = fork(join(__dirname, `${script}.ts`), [], {
    cwd: ROOT,
    execArgv: [...nodeArgs, '-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'],
    env: { ...process.env, TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'), ...env },
    // A child's stdout goes to the bench's stderr: with --json, stdout carries only the result.
    stdio: ['ignore', 2, 2, 'ipc'],
  });
  trackChild(child);
  return child;
}

/** Every child is remembered so that any exit path of the bench can kill it. */
export function trackChild(child: ChildProcess): void {
  children.add(child);
  child.once('exit', () => children.delete(child));
}

/** SIGTERM, then SIGKILL for whatever is still alive after `graceMs`. */
export async function killChildren(graceMs = 5000): Promise<void> {
  const alive = [...children].filter((c) => c.exitCode === null && c.signalCode === null);
  if (!alive.length) return;
  const exited = alive.map((c) => new Promise<void>((resolve) => c.once('exit', () => resolve())));
  for (const c of alive) c.kill('SIGTERM');
  const timer = setTimeout(() => {
    for (const c of alive) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  }, graceMs);
  await Promise.all(exited);
  clearTimeout(timer);
}

/** Calls into a child that runs serveRpc(). */
export class RpcClient {
  private next = 1;
  private readonly waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private exitError: Error | undefined;

  constructor(
    readonly child: ChildProcess,
    private readonly name: string,
  ) {
    child.on('message', (m: RpcReply) => {
      const w = this.waiting.get(m.rpc);
      if (!w) return;
      this.waiting.delete(m.rpc);
      if (m.ok) w.resolve(m.result);
      else w.reject(new Error(`${name}: ${m.error ?? 'failed'}`));
    });
    child.once('exit', (code, signal) => {
      this.exitError = new Error(`${name} exited (code ${code}, signal ${signal})`);
      for (const w of this.waiting.values()) w.reject(this.exitError);
      this.waiting.clear();
    });
  }

  get pid(): number {
    return this.child.pid as number;
  }

  call<R>(method: string, params: unknown, timeoutMs: number): Promise<R> {
    if (this.exitError) return Promise.reject(this.exitError);
    const rpc = this.next++;
    return new Promise<R>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(rpc);
        reject(new Error(`${this.name}.${method} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(rpc, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v as R);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      const req: RpcRequest = { rpc, method, params };
      this.child.send(req);
    });
  }
}

type Handler = (params: unknown) => Promise<unknown> | unknown;

/** Child side: answers RpcClient calls; exits when the parent goes away (no orphans). */
export function serveRpc(handlers: Record<string, Handler>): void {
  process.on('disconnect', () => process.exit(0));
  process.on('message', (m: RpcRequest) => {
    const handler = handlers[m.method];
    const reply = (r: Omit<RpcReply, 'rpc'>) => process.send?.({ rpc: m.rpc, ...r });
    if (!handler) return reply({ ok: false, error: `unknown method ${m.method}` });
    Promise.resolve()
      .then(() => handler(m.params))
      .then(
        (result) => reply({ ok: true, result }),
        (e: unknown) => reply({ ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
      );
  });
}

/** Runs a bench's main: exit 0 when it is done; on failure its stack on stderr, its children killed, exit 1. */
export function runBench(name: string, main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      process.stderr.write(`${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      void killChildren().finally(() => process.exit(1));
    },
  );
}
