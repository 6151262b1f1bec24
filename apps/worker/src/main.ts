import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppConfig, exitOnStartupFailure, handleShutdownSignals, prepareProcess } from '@app/core';
import { startEmbeddedPostgres } from '@app/database';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  const { config, release } = await prepareProcess((cfg, log) =>
    startEmbeddedPostgres({ dir: cfg.database.embeddedDir, port: cfg.database.embeddedPort, onLog: log }),
  );
  try {
    await run(config, release);
  } catch (e) {
    await release();
    throw e;
  }
}

async function run(config: AppConfig, release: () => Promise<void>): Promise<void> {
  // abortOnError: false, so a failed module init reaches bootstrap's catch instead of process.abort().
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
    bufferLogs: true,
    abortOnError: false,
  });
  const logger = app.get(Logger);
  app.useLogger(logger);
  await app.init();
  handleShutdownSignals(async () => {
    await app.close();
    await release();
  }, config.http.shutdownGraceMs);
  logger.log('worker started', 'Bootstrap');
}

// A port taken or a missing schema ends the start-up with one line, not a stack or an unhandled rejection.
bootstrap().catch(exitOnStartupFailure);
