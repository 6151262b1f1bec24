import { AppConfig, DomainError } from '@app/core';
import { allowPrivateTargets } from './webhook-http-client';
import { webhookTargetProblem } from './webhook-target';

/** 400 with a `url` field error when a webhook may not target this URL (scheme, credentials, SSRF). */
export async function assertAcceptableTarget(url: string, config: AppConfig): Promise<void> {
  const problem = await webhookTargetProblem(url, { allowPrivate: allowPrivateTargets(config) });
  if (problem)
    throw new DomainError('invalid', `Webhook URL refused: ${problem}`, [{ field: 'url', message: problem }]);
}
