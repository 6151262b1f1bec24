import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppConfig, exitOnStartupFailure, handleShutdownSignals, prepareProcess } from '@app/core';
import { startEmbeddedPostgres } from '@app/database';
import { AppModule } from './app.module';
import { configureApp } from './configure-app';

async function bootstrap(): Promise<void> {
  const withWorker = process.argv.includes('--with-worker');
  const { config, release } = await prepareProcess((cfg, log) =>
    startEmbeddedPostgres({ dir: cfg.database.embeddedDir, port: cfg.database.embeddedPort, onLog: log }),
  );
  try {
    await serve(config, release, withWorker);
  } catch (e) {
    await release();
    throw e;
  }
}

async function serve(config: AppConfig, release: () => Promise<void>, withWorker: boolean): Promise<void> {
  // abortOnError: false, so a failed module init reaches bootstrap's catch instead of process.abort().
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, { withWorker }), {
    bufferLogs: true,
    bodyParser: false,
    abortOnError: false,
  });
  const logger = app.get(Logger);
  app.useLogger(logger);
  configureApp(app, config);
  handleShutdownSignals(async () => {
    await app.close();
    await release();
  }, config.http.shutdownGraceMs);
  await app.listen(config.port, config.host);
  logger.log(
    `API listening on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port} ` +
      `(docs at /docs)${withWorker ? ', with the worker in-process' : ''}`,
    'Bootstrap',
  );
}

// A port taken or a missing schema ends the start-up with one line, not a stack or an unhandled rejection.
bootstrap().catch(exitOnStartupFailure);
