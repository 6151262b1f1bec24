import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * Names this process among the instances sharing Redis: it prefixes the socket connections the
 * instance holds, so a crashed instance's connections can be told apart and cleaned up.
 */
export const INSTANCE_ID = `${hostname().slice(0, 32)}-${process.pid}-${randomBytes(3).toString('hex')}`;
