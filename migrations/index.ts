import { CreateAuth1764064800000 } from './1764064800000-create-auth';
import { CreateKiosks1764108000000 } from './1764108000000-create-kiosks';
import { CreateTelemetry1764151200000 } from './1764151200000-create-telemetry';
import { CreateCommands1764194400000 } from './1764194400000-create-commands';
import { CreateOutbox1764216000000 } from './1764216000000-create-outbox';

/** Every migration, in order. Listed explicitly so bundled builds and tests load the same set. */
export const ALL_MIGRATIONS = [
  CreateAuth1764064800000,
  CreateKiosks1764108000000,
  CreateTelemetry1764151200000,
  CreateCommands1764194400000,
  CreateOutbox1764216000000,
];
