import { CreateAuth1764064800000 } from './1764064800000-create-auth';

/** Every migration, in order. Listed explicitly so bundled builds and tests load the same set. */
export const ALL_MIGRATIONS = [CreateAuth1764064800000];
