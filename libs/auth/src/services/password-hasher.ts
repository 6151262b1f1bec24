import { Injectable, OnModuleInit } from '@nestjs/common';
import * as argon2 from 'argon2';

// OWASP's argon2id baseline (19 MiB, 2 passes): ~20 ms here, slow enough for offline attacks.
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

@Injectable()
export class PasswordHasher implements OnModuleInit {
  /** Verified against when the username does not exist, so both paths cost the same time. */
  private dummyHash: Promise<string> | undefined;

  /** Made at start, so the first unknown username is not answered slower (one hash) than a known one. */
  onModuleInit(): void {
    this.dummyHash ??= argon2.hash('not-a-real-password', OPTIONS);
  }

  hash(password: string): Promise<string> {
    return argon2.hash(password, OPTIONS);
  }

  async verify(hash: string | undefined, password: string): Promise<boolean> {
    const target = hash ?? (await (this.dummyHash ??= argon2.hash('not-a-real-password', OPTIONS)));
    try {
      return (await argon2.verify(target, password)) && hash !== undefined;
    } catch {
      return false;
    }
  }
}
