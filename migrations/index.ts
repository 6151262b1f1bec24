import { CreateAuth1764064800000 } from './1764064800000-create-auth';
import { CreateKiosks1764108000000 } from './1764108000000-create-kiosks';
import { CreateTelemetry1764151200000 } from './1764151200000-create-telemetry';
import { CreateCommands1764194400000 } from './1764194400000-create-commands';
import { CreateOutbox1764216000000 } from './1764216000000-create-outbox';
import { CreatePayments1764237600000 } from './1764237600000-create-payments';
import { CreateAlerts1764280800000 } from './1764280800000-create-alerts';
import { CreateNotifications1764324000000 } from './1764324000000-create-notifications';
import { CreateAi1764367200000 } from './1764367200000-create-ai';
import { KioskStateHotUpdates1764410400000 } from './1764410400000-kiosk-state-hot-updates';
import { TelemetryOneKioskIndex1764453600000 } from './1764453600000-telemetry-one-kiosk-index';
import { PaymentRefundsSettlingIndex1764497700000 } from './1764497700000-payment-refunds-settling-index';
import { CreateApiKeys1764541800000 } from './1764541800000-create-api-keys';
import { DropUserLockout1764585000000 } from './1764585000000-drop-user-lockout';
import { AlertTypeLocationDrift1764633900000 } from './1764633900000-alert-type-location-drift';
import { KioskInventory1764644400000 } from './1764644400000-kiosk-inventory';
import { KioskReadModels1764655000000 } from './1764655000000-kiosk-read-models';
import { TelemetryReadModel1764655100000 } from './1764655100000-telemetry-read-model';
import { AlertReadModel1764655200000 } from './1764655200000-alert-read-model';
import { CommandOutboxTrigger1764655300000 } from './1764655300000-command-outbox-trigger';
import { KioskLivenessOutboxTrigger1764655400000 } from './1764655400000-kiosk-liveness-outbox-trigger';
import { CreateRollouts1764700000000 } from './1764700000000-create-rollouts';
import { KioskRemoteConfig1764710000000 } from './1764710000000-kiosk-remote-config';

/** Every migration, in order. Listed explicitly so bundled builds and tests load the same set. */
export const ALL_MIGRATIONS = [
  CreateAuth1764064800000,
  CreateKiosks1764108000000,
  CreateTelemetry1764151200000,
  CreateCommands1764194400000,
  CreateOutbox1764216000000,
  CreatePayments1764237600000,
  CreateAlerts1764280800000,
  CreateNotifications1764324000000,
  CreateAi1764367200000,
  KioskStateHotUpdates1764410400000,
  TelemetryOneKioskIndex1764453600000,
  PaymentRefundsSettlingIndex1764497700000,
  CreateApiKeys1764541800000,
  DropUserLockout1764585000000,
  AlertTypeLocationDrift1764633900000,
  KioskInventory1764644400000,
  KioskReadModels1764655000000,
  TelemetryReadModel1764655100000,
  AlertReadModel1764655200000,
  CommandOutboxTrigger1764655300000,
  KioskLivenessOutboxTrigger1764655400000,
  CreateRollouts1764700000000,
  KioskRemoteConfig1764710000000,
];
