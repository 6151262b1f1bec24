import { Injectable, UnauthorizedException } from '@nestjs/common';
import { AuthenticatedUser, Role } from '@app/contracts';
import { ApiKeyMetrics } from '../metrics/api-key-metrics';
import { ApiKeyRepository } from '../repositories/api-key.repository';
import { hashApiKey, isWellFormedApiKey } from './api-key-secret';

const INVALID = 'Missing or invalid API key';

/**
 * Turns a presented `X-API-Key` into the principal it acts as: a user of the key's role whose
 * visible kiosks are those carrying one of its tags, or a 401.
 *
 * The key is looked up by its SHA-256, so no secret is ever compared in process and there is no
 * comparison whose timing could leak it: the index lookup's timing depends on the hash of what the
 * caller sent, and finding a stored hash from timings would need a SHA-256 preimage.
 */
@Injectable()
export class ApiKeyAuthenticator {
  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly metrics: ApiKeyMetrics,
  ) {}

  async authenticate(presented: string): Promise<AuthenticatedUser> {
    // Shape and length first: a malformed or oversized header costs no hashing and no query.
    if (!isWellFormedApiKey(presented)) {
      this.metrics.count('malformed');
      throw new UnauthorizedException(INVALID);
    }
    const found = await this.keys.lookupAndTouch(hashApiKey(presented));
    if (!found) {
      this.metrics.count('unknown');
      throw new UnauthorizedException(INVALID);
    }
    if (found.revoked) {
      this.metrics.count('revoked');
      throw new UnauthorizedException('API key revoked');
    }
    if (found.expired) {
      this.metrics.count('expired');
      throw new UnauthorizedException('API key expired');
    }
    this.metrics.count('accepted');
    return {
      id: found.id,
      username: found.username,
      role: found.role as Role,
      sessionId: '',
      apiKeyId: found.id,
      kioskTags: found.tags,
    };
  }
}
