import { Process, Processor } from '@nestjs/bull';
import { Controller, DynamicModule, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ApiOkResponse } from '@nestjs/swagger';
import { Test } from '@nestjs/testing';
import { DomainModuleDescriptor, loadAppConfig, ProcessorWiringModule } from '@app/core';
import { QueueName } from '@app/contracts';
import { createTestDatabase } from '@app/database';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { API, flushRedisPrefix, startTestApp, TEST_REDIS_URL } from './support/test-app';

// A stand-in domain module: the real ones (kiosk, payment, …) plug in through the same descriptor.
@Controller('probe')
class ProbeController {
  @Get()
  // Documented like a real route: every response t.http() receives is checked against the document.
  @ApiOkResponse({
    schema: { type: 'object', properties: { module: { type: 'string' } }, required: ['module'] },
  })
  probe(): { module: string } {
    return { module: 'kiosk' };
  }
}
@Module({ controllers: [ProbeController] })
class ProbeModule {}

@Processor(QueueName.Notifications)
class MiswiredProcessor {
  @Process('no-such-job')
  handle(): void {}
}
@Module({ providers: [MiswiredProcessor] })
class MiswiredWorkerModule {}

const probe: DomainModuleDescriptor = {
  name: 'kiosk',
  forRoot: (): DynamicModule => ({ module: ProbeModule }),
};

describe('pluggable domain modules (ENABLED_MODULES)', () => {
  it('mounts an enabled module', async () => {
    const t = await startTestApp({ domainModules: [probe], env: { ENABLED_MODULES: 'all' } });
    try {
      const admin = await t.admin();
      await t.http().get(`${API}/probe`).set(admin.auth).expect(200, { module: 'kiosk' });
    } finally {
      await t.close();
    }
  });

  it('leaves a switched-off module out entirely while the rest keeps working', async () => {
    const t = await startTestApp({ domainModules: [probe], env: { ENABLED_MODULES: 'alert,payment' } });
    try {
      const admin = await t.admin();
      await t.http().get(`${API}/probe`).set(admin.auth).expect(404);
      await t.http().get(`${API}/users`).set(admin.auth).expect(200);
      await t.http().get('/health/ready').expect(200);
      const doc = (await t.http().get('/docs-json').expect(200)).body as { paths: Record<string, unknown> };
      expect(Object.keys(doc.paths)).not.toContain('/api/v1/probe');
    } finally {
      await t.close();
    }
  });
});

describe('worker start-up check: every job name has exactly one processor', () => {
  const prefix = `test:worker-${process.pid}:`;
  afterAll(() => flushRedisPrefix(prefix));

  const rawEnv = (url: string) => ({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: url,
    DB_MIGRATE_ON_START: 'false',
    REDIS_URL: TEST_REDIS_URL,
    REDIS_KEY_PREFIX: prefix,
  });
  const config = (url: string) => loadAppConfig(rawEnv(url));

  it('starts with the real catalogue', async () => {
    const db = await createTestDatabase();
    const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config(db.url)), {
      logger: false,
    });
    await app.init();
    await app.close();
    await db.drop();
  });

  it('starts with a module switched off, leaving its queue unchecked (nothing consumes it)', async () => {
    const db = await createTestDatabase();
    const app = await NestFactory.createApplicationContext(
      WorkerModule.forRoot(loadAppConfig({ ...rawEnv(db.url), ENABLED_MODULES: 'kiosk,telemetry,command' })),
      { logger: false },
    );
    await app.init();
    await app.close();
    await db.drop();
  });

  it('refuses to start when a processor handles a job nobody declared', async () => {
    // The check needs only Nest's discovery, so the miswired module is compiled on its own.
    const moduleRef = await Test.createTestingModule({
      imports: [ProcessorWiringModule, MiswiredWorkerModule],
    }).compile();
    // Nothing to close afterwards: the module holds no connections, and close() would only re-throw.
    await expect(moduleRef.init()).rejects.toThrow(
      /MiswiredProcessor.handle handles unknown job "no-such-job"/,
    );
  });
});
