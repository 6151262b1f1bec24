import type { Condition } from './condition';

type Translate = (key: string, values?: Record<string, string | number>) => string;

/** The i18n key of a telemetry field's label (`hardware.cpu_temp` → `fields.hardware_cpu_temp`). */
export const fieldLabelKey = (field: string) => `fields.${field.replace('.', '_')}`;

/** A rule's condition in words for the rules list: "CPU temperature > 85 and Latency > 2000". */
export function describeCondition(c: Condition, t: Translate): string {
  if ('liveness' in c) {
    return t('describe.liveness', { state: t(`common:status.${c.liveness}`), seconds: c.forSeconds });
  }
  if ('event' in c) {
    return t('describe.rate', {
      count: c.count,
      method: c.method ? t(`rules.methods.${c.method}`) : t('rules.anyMethod'),
      seconds: c.withinSeconds,
    });
  }
  const clause = (x: { field: string; op: string; value: number | string }) =>
    `${t(fieldLabelKey(x.field))} ${x.op} ${x.value}`;
  if ('all' in c) return c.all.map(clause).join(` ${t('describe.and')} `);
  if ('any' in c) return c.any.map(clause).join(` ${t('describe.or')} `);
  return clause(c);
}
