interface SystemErrorLike {
  code?: string;
  message?: string;
  address?: string;
  port?: number;
  syscall?: string;
}

function asSystemError(e: unknown): SystemErrorLike {
  return typeof e === 'object' && e !== null ? (e as SystemErrorLike) : { message: String(e) };
}

/**
 * One line an operator can act on, for the errors a start-up commonly meets: a port taken, a
 * database without its schema or out of reach. Anything else keeps its own message.
 */
export function describeStartupFailure(e: unknown): string {
  const err = asSystemError(e);
  const where = err.port !== undefined ? `${err.address ?? ''}:${err.port}` : '';
  if (err.syscall === 'listen' && err.code === 'EADDRINUSE') {
    return `port ${where} is already in use: stop the process holding it, or set PORT (and HOST) to a free one`;
  }
  if (err.syscall === 'listen' && err.code === 'EACCES') {
    return `not allowed to listen on ${where}: use a port above 1023, or grant the capability to bind it`;
  }
  if (err.code === '42P01') {
    return `the database has no schema yet (${err.message}): run the migrations with npm run migration:run, or set DB_MIGRATE_ON_START=true`;
  }
  if (err.code === 'ECONNREFUSED' || err.code === 'ENOTFOUND' || err.code === 'ETIMEDOUT') {
    return `cannot reach ${where || 'a required service'} (${err.code}): check DATABASE_URL and REDIS_URL, and that both servers run`;
  }
  return err.message ?? String(e);
}

/** Ends a failed start-up with one line on stderr (the stack only at LOG_LEVEL=debug or trace). */
export function exitOnStartupFailure(e: unknown): never {
  process.stderr.write(`\nCannot start: ${describeStartupFailure(e)}\n\n`);
  if (['debug', 'trace'].includes(process.env.LOG_LEVEL ?? '') && e instanceof Error && e.stack) {
    process.stderr.write(`${e.stack}\n`);
  }
  process.exit(1);
}
