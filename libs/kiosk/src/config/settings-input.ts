import { checkSettings, DomainError } from '@app/core';

/** Settings as the routes take them: 400 when not a storable JSON object, 413 when over 8 KB. */
export function assertSettings(settings: unknown): Record<string, unknown> {
  const problem = checkSettings(settings);
  if (!problem) return settings as Record<string, unknown>;
  throw new DomainError(problem.kind, problem.message, [{ field: 'settings', message: problem.message }]);
}
