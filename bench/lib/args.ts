/* What every benchmark reads from its command line and environment. */

/** The PostgreSQL a benchmark creates its throwaway database in (BENCH_DATABASE_ADMIN_URL). */
export const BENCH_ADMIN_DB_URL =
  process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** The Redis the API under test uses, under a key prefix of its own (BENCH_REDIS_URL). */
export const BENCH_REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

export const quick = process.argv.includes('--quick');

/** `--name N`, or the fallback. */
export function numberArg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

/** `--name value`, or undefined. */
export function stringArg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}
