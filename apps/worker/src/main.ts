import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { handleShutdownSignals, prepareProcess } from '@app/core';
import { startEmbeddedPostgres } from '@app/database';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  const { config, release } = await prepareProcess((cfg, log) =>
    startEmbeddedPostgres({ dir: cfg.database.embeddedDir, port: cfg.database.embeddedPort, onLog: log }),
  );
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true });
  const logger = app.get(Logger);
  app.useLogger(logger);
  await app.init();
  handleShutdownSignals(async () => {
    await app.close();
    await release();
  }, config.http.shutdownGraceMs);
  logger.log('worker started', 'Bootstrap');
}

void bootstrap();
