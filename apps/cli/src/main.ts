import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { Logger, Module } from '@nestjs/common';
import { CommandBus, CqrsModule } from '@nestjs/cqrs';
import { NestFactory } from '@nestjs/core';
import { prepareProcess } from '@app/core';
import { Role } from '@app/contracts';
import { AuthModule, CreateUserCommand } from '@app/auth';
import { startEmbeddedPostgres } from '@app/database';
import { PlatformModule } from '@app/platform';
import { migrateDatabase } from './migrate-database';

const USAGE = `Usage: npm run cli -- create-admin --username <name> [--password <pw>]
  The password may also come from CLI_ADMIN_PASSWORD, or is asked for on the terminal.
       npm run cli -- migrate [--check]
  Applies pending migrations to DATABASE_URL and exits (0: done or nothing to do).
  --check changes nothing: exit 0 when the schema is current, 3 while migrations are pending.`;

async function readPassword(given: string | undefined): Promise<string> {
  if (given) return given;
  if (process.env.CLI_ADMIN_PASSWORD) return process.env.CLI_ADMIN_PASSWORD;
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return (await rl.question('Password (12+ characters): ')).trim();
  } finally {
    rl.close();
  }
}

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { username: { type: 'string' }, password: { type: 'string' }, check: { type: 'boolean' } },
  });
  if (positionals[0] === 'migrate' && positionals.length === 1) return migrate(values.check === true);
  if (positionals[0] !== 'create-admin' || !values.username) {
    console.error(USAGE);
    return 2;
  }
  const password = await readPassword(values.password);
  if (password.length < 12) {
    console.error('The password must have at least 12 characters.');
    return 2;
  }
  const { config, release } = await prepareProcess((cfg, log) =>
    startEmbeddedPostgres({ dir: cfg.database.embeddedDir, port: cfg.database.embeddedPort, onLog: log }),
  );
  @Module({
    imports: [
      PlatformModule.forRoot({ ...config, log: { ...config.log, level: 'warn' } }),
      CqrsModule,
      AuthModule,
    ],
  })
  class CliModule {}
  const app = await NestFactory.createApplicationContext(CliModule, { logger: ['error', 'warn'] });
  try {
    const user = await app
      .get(CommandBus)
      .execute(new CreateUserCommand(values.username, password, Role.Admin, { actorUsername: 'cli' }));
    new Logger('cli').log(`created admin "${(user as { username: string }).username}"`);
    return 0;
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    return 1;
  } finally {
    await app.close();
    await release();
  }
}

/** Exit 0: schema current; 1: failed; 2: bad settings; 3 (`--check` only): migrations pending. */
async function migrate(checkOnly: boolean): Promise<number> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const outcome = await migrateDatabase(process.env, checkOnly ? 'check' : 'apply');
  if (!outcome.ok) {
    console.error(outcome.message);
    return outcome.exitCode;
  }
  const log = new Logger('cli');
  if (checkOnly) {
    if (!outcome.pending.length) log.log('schema is current');
    else log.warn(`migrations pending: ${outcome.pending.join(', ')}`);
    return outcome.pending.length ? 3 : 0;
  }
  log.log(
    outcome.applied.length ? `applied migrations: ${outcome.applied.join(', ')}` : 'no pending migrations',
  );
  return 0;
}

main().then((code) => process.exit(code));
