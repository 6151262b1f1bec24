import { persistenceProblems } from './redis-persistence-check';

describe('persistenceProblems', () => {
  it('accepts appendonly yes with noeviction', () => {
    expect(persistenceProblems({ appendonly: 'yes', maxmemoryPolicy: 'noeviction' })).toEqual([]);
  });

  it('names each unsafe setting', () => {
    const problems = persistenceProblems({ appendonly: 'no', maxmemoryPolicy: 'allkeys-lru' });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^appendonly is "no"/);
    expect(problems[1]).toMatch(/^maxmemory-policy is "allkeys-lru"/);
  });
});
