import type { Schema } from '@kiosk-fleet/sdk';
import { emailList, POLICY_TAG, splitList, tagList, type FieldErrors } from './rules';

export type Severity = Schema<'AlertSeverity'>;
export const SEVERITIES: readonly Severity[] = ['info', 'warning', 'major', 'critical'];

export interface PolicyValues {
  /** E-mail addresses as typed: separated by commas, spaces or new lines. */
  recipients: string;
  minSeverity: Severity;
  /** Empty: every kiosk. */
  tags: string;
}
export type PolicyField = keyof PolicyValues;
export const POLICY_FIELDS: readonly PolicyField[] = ['recipients', 'minSeverity', 'tags'];

export const emptyPolicy = (): PolicyValues => ({ recipients: '', minSeverity: 'major', tags: '' });

export const policyValues = (p: Schema<'NotificationPolicyDto'>): PolicyValues => ({
  recipients: p.recipients.join(', '),
  minSeverity: p.minSeverity,
  tags: (p.tags ?? []).join(', '),
});

export function validatePolicy(v: PolicyValues): FieldErrors<PolicyField> {
  const errors: FieldErrors<PolicyField> = {};
  const recipients = emailList(splitList(v.recipients));
  if (recipients) errors.recipients = recipients;
  const tags = tagList(splitList(v.tags), { min: 0, max: 20, pattern: POLICY_TAG });
  if (tags) errors.tags = tags;
  return errors;
}

const tagsOrNull = (raw: string) => {
  const tags = splitList(raw);
  return tags.length ? tags : null;
};

export function createPolicyBody(v: PolicyValues): Schema<'CreateNotificationPolicyDto'> {
  return {
    channel: 'email',
    recipients: splitList(v.recipients),
    minSeverity: v.minSeverity,
    tags: tagsOrNull(v.tags),
  };
}

const sameList = (a: readonly string[] | null, b: readonly string[] | null) =>
  JSON.stringify(a ?? []) === JSON.stringify(b ?? []);

export function updatePolicyBody(
  p: Schema<'NotificationPolicyDto'>,
  v: PolicyValues,
): Schema<'UpdateNotificationPolicyDto'> {
  const body: Schema<'UpdateNotificationPolicyDto'> = {};
  const recipients = splitList(v.recipients);
  if (!sameList(recipients, p.recipients)) body.recipients = recipients;
  if (v.minSeverity !== p.minSeverity) body.minSeverity = v.minSeverity;
  const tags = tagsOrNull(v.tags);
  if (!sameList(tags, p.tags ?? null)) body.tags = tags;
  return body;
}
