import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/**
 * Kiosk secrets are 128 random bits, so a plain SHA-256 is enough to store them: nobody can guess
 * one offline, and a hash costs microseconds where a password hash would cost ~50 ms per connect
 * (a 10,000-kiosk reconnect storm would take minutes).
 */
export function newKioskSecret(): { secret: string; hash: Buffer } {
  const secret = randomBytes(16).toString('base64url');
  return { secret, hash: hashKioskSecret(secret) };
}

export function hashKioskSecret(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

export function kioskSecretMatches(secret: string, storedHash: Buffer): boolean {
  const presented = hashKioskSecret(secret);
  return presented.length === storedHash.length && timingSafeEqual(presented, storedHash);
}

// No 0/O/1/I: the code is printed under the QR for people to type.
const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** A 10-character claim code (50 bits): what the kiosk's QR encodes. */
export function newKioskCode(): string {
  let code = '';
  for (let i = 0; i < 10; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}
