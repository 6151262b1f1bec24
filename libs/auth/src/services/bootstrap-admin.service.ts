import { randomBytes } from 'node:crypto';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig, InjectAppConfig } from '@app/core';
import { Role } from '@app/contracts';
import { UserEntity } from '../entities/user.entity';
import { PasswordHasher } from './password-hasher';

/**
 * Makes sure the first start leaves someone able to log in: the admin from ADMIN_USERNAME /
 * ADMIN_PASSWORD, or (development only) `admin` with a random password printed once.
 * Does nothing once any admin exists.
 */
@Injectable()
export class BootstrapAdminService implements OnApplicationBootstrap {
  private readonly logger = new Logger('BootstrapAdmin');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    @InjectAppConfig() private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const users = this.dataSource.getRepository(UserEntity);
    if (await users.existsBy({ role: Role.Admin })) return;
    const { username, password } = this.config.bootstrapAdmin;
    if (username && password) {
      await this.createAdmin(username, password);
      this.logger.log(`created admin "${username.toLowerCase()}" from ADMIN_USERNAME/ADMIN_PASSWORD`);
      return;
    }
    if (this.config.nodeEnv !== 'development') {
      this.logger.warn(
        'no admin exists: set ADMIN_USERNAME/ADMIN_PASSWORD or run `npm run cli -- create-admin`',
      );
      return;
    }
    const generated = randomBytes(12).toString('base64url');
    if (await this.createAdmin('admin', generated)) {
      // Printed once, on purpose: there is no other way to learn it. Change it after logging in.
      this.logger.warn(`created development admin — username: admin  password: ${generated}`);
    }
  }

  /** Safe with several instances starting at once: the username is unique, the loser inserts nothing. */
  private async createAdmin(username: string, password: string): Promise<boolean> {
    const result = await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(UserEntity)
      .values({
        username: username.trim().toLowerCase(),
        passwordHash: await this.hasher.hash(password),
        role: Role.Admin,
      })
      .orIgnore()
      .execute();
    return (
      (result.identifiers.length > 0 && result.identifiers[0] !== undefined) ||
      (result.raw as unknown[]).length > 0
    );
  }
}
