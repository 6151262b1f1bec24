import { FAULT_NAMES, ScenarioRule, isFaultName } from '../../../libs/kiosk-signals/src';
import { parseDuration } from '../duration';

/**
 * `--scenario` syntax: `normal`, `mixed`, or a comma list of `name[:share][@at][~for]`, where
 * share is `10%`, `0.1` or a kiosk count (`3`), and at/for are durations (`@5m~20m`).
 * A bare name applies to the whole fleet from the start.
 */
export function parseScenarioArg(arg: string): ScenarioRule[] {
  const rules: ScenarioRule[] = [];
  for (const raw of arg.split(',')) {
    const part = raw.trim();
    if (part === '' || part === 'normal') continue;
    const m = /^([a-z_]+)(?::([0-9.]+%?))?(?:@([0-9a-z.]+))?(?:~([0-9a-z.]+))?$/.exec(part);
    if (!m)
      throw new Error(
        `invalid scenario "${part}": expected name[:share][@at][~for], e.g. overheat:10%@5m~20m`,
      );
    const name = m[1];
    if (name !== 'mixed' && !isFaultName(name)) {
      throw new Error(`unknown scenario "${name}"; known: normal, mixed, ${FAULT_NAMES.join(', ')}`);
    }
    const rule: ScenarioRule = { name };
    if (m[2] !== undefined) Object.assign(rule, parseShare(m[2]));
    if (m[3] !== undefined) rule.atSec = parseDuration(m[3]);
    if (m[4] !== undefined) rule.forSec = parseDuration(m[4]);
    rules.push(rule);
  }
  return rules;
}

export function parseShare(text: string): Pick<ScenarioRule, 'fraction' | 'count'> {
  if (text.endsWith('%')) {
    const pct = Number(text.slice(0, -1));
    if (!(pct > 0 && pct <= 100)) throw new Error(`invalid share "${text}": percent must be in (0, 100]`);
    return { fraction: pct / 100 };
  }
  const value = Number(text);
  if (!(value > 0)) throw new Error(`invalid share "${text}"`);
  if (value < 1) return { fraction: value };
  if (!Number.isInteger(value)) throw new Error(`invalid share "${text}": a count must be an integer`);
  return { count: value };
}
