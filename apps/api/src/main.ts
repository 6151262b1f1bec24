import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { handleShutdownSignals, prepareProcess } from '@app/core';
import { startEmbeddedPostgres } from '@app/database';
import { AppModule } from './app.module';
import { configureApp } from './configure-app';

async function bootstrap(): Promise<void> {
  const withWorker = process.argv.includes('--with-worker');
  const { config, release } = await prepareProcess((cfg, log) =>
    startEmbeddedPostgres({ dir: cfg.database.embeddedDir, port: cfg.database.embeddedPort, onLog: log }),
  );
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, { withWorker }), {
    bufferLogs: true,
    bodyParser: false,
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

void bootstrap();
