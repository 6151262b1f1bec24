import { readFileSync, writeFileSync } from 'node:fs';
import { KioskId } from '../../libs/kiosk-signals/src';

/** What a kiosk needs to connect; `kioskId` and location are kept when the simulator provisioned it. */
export interface KioskCredential {
  serial: string;
  secret: string;
  kioskId?: KioskId;
  lat?: number;
  lng?: number;
}

/**
 * Reads a credentials file: the JSON list `--credentials-out` writes, or plain text with one
 * `serial,secret[,kioskId]` per line (blank lines and `#` comments ignored).
 */
export function parseCredentials(text: string, fileName = 'credentials'): KioskCredential[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    const raw: unknown = JSON.parse(trimmed);
    if (!Array.isArray(raw)) throw new Error(`${fileName}: expected a JSON list`);
    return raw.map((entry, i) => {
      if (typeof entry !== 'object' || entry === null)
        throw new Error(`${fileName}[${i}]: expected an object`);
      const e = entry as Record<string, unknown>;
      if (typeof e.serial !== 'string' || typeof e.secret !== 'string') {
        throw new Error(`${fileName}[${i}]: "serial" and "secret" must be strings`);
      }
      const cred: KioskCredential = { serial: e.serial, secret: e.secret };
      if (typeof e.kioskId === 'number' || typeof e.kioskId === 'string') cred.kioskId = e.kioskId;
      if (typeof e.lat === 'number' && typeof e.lng === 'number') {
        cred.lat = e.lat;
        cred.lng = e.lng;
      }
      return cred;
    });
  }
  const out: KioskCredential[] = [];
  trimmed.split(/\r?\n/).forEach((line, i) => {
    const l = line.trim();
    if (l === '' || l.startsWith('#') || /^serial\s*,/i.test(l)) return;
    const [serial, secret, kioskId] = l.split(',').map((s) => s.trim());
    if (!serial || !secret) throw new Error(`${fileName}:${i + 1}: expected "serial,secret[,kioskId]"`);
    const cred: KioskCredential = { serial, secret };
    if (kioskId) cred.kioskId = /^\d+$/.test(kioskId) ? Number(kioskId) : kioskId;
    out.push(cred);
  });
  return out;
}

export function readCredentials(path: string): KioskCredential[] {
  const creds = parseCredentials(readFileSync(path, 'utf8'), path);
  const seen = new Set<string>();
  for (const c of creds) {
    if (seen.has(c.serial)) throw new Error(`${path}: serial ${c.serial} appears twice`);
    seen.add(c.serial);
  }
  return creds;
}

/** Secrets are shown once by the server; the file is created readable by its owner only. */
export function writeCredentials(path: string, creds: readonly KioskCredential[]): void {
  writeFileSync(path, `${JSON.stringify(creds, null, 2)}\n`, { mode: 0o600 });
}
