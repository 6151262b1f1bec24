import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadAppConfig } from '@app/core';
import { AppModule } from '../app.module';
import { configureApp } from '../configure-app';
import { buildOpenApiDocument, serializeOpenApi } from './openapi';

/**
 * `npm run openapi`: writes the document of the app as built, sorted, to ./openapi.json. The app
 * module graph is built but never initialised, so no database or Redis is touched.
 */
async function main(): Promise<void> {
  const config = loadAppConfig({
    NODE_ENV: 'test',
    DATABASE_URL: 'postgres://unused@127.0.0.1:1/unused',
    LOG_LEVEL: 'silent',
  });
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    logger: false,
    bodyParser: false,
    preview: true,
    abortOnError: false,
  });
  configureApp(app, config);
  const out = join(process.cwd(), 'openapi.json');
  writeFileSync(out, serializeOpenApi(buildOpenApiDocument(app)));
  process.stdout.write(`wrote ${out}\n`);
  await app.close();
}

void main();
