import { describe, expect, it } from 'vitest';
import { can, type Action } from '../../auth/permissions';
import { allowedSources, jobFinished, jobPollInterval } from './retrain';

const as = (role: 'admin' | 'operator' | 'viewer') => (action: Action) => can(role, action);

describe('retraining', () => {
  it('offers admins every data source, operators only synthetic data, viewers nothing', () => {
    expect(allowedSources(as('admin'))).toEqual(['synthetic', 'real', 'mixed']);
    expect(allowedSources(as('operator'))).toEqual(['synthetic']);
    expect(allowedSources(as('viewer'))).toEqual([]);
  });

  it('polls a job every second until it completes or fails', () => {
    expect(jobPollInterval(undefined)).toBe(1000);
    expect(jobPollInterval({ state: 'waiting' })).toBe(1000);
    expect(jobPollInterval({ state: 'active' })).toBe(1000);
    expect(jobPollInterval({ state: 'completed' })).toBe(false);
    expect(jobPollInterval({ state: 'failed' })).toBe(false);
    expect(jobFinished({ state: 'failed' })).toBe(true);
  });
});
