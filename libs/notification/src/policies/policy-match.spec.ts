import { PolicyRow, recipientsFor } from './policy-match';

describe('recipientsFor', () => {
  const policy = (p: Partial<PolicyRow>): PolicyRow => ({
    id: 'p',
    channel: 'email',
    recipients: ['ops@example.test'],
    min_severity: 'warning',
    tags: null,
    ...p,
  });

  it('admits alerts at or above the minimum severity', () => {
    const ps = [policy({ min_severity: 'major' })];
    expect(recipientsFor(ps, 'warning', [])).toEqual([]);
    expect(recipientsFor(ps, 'major', [])).toEqual(['ops@example.test']);
    expect(recipientsFor(ps, 'critical', [])).toEqual(['ops@example.test']);
  });

  it('limits a tagged policy to kiosks sharing one of its tags', () => {
    const ps = [policy({ tags: ['north', 'airport'], recipients: ['north@example.test'] })];
    expect(recipientsFor(ps, 'critical', ['south'])).toEqual([]);
    expect(recipientsFor(ps, 'critical', ['airport'])).toEqual(['north@example.test']);
  });

  it('merges the recipients of every matching policy once', () => {
    const ps = [
      policy({ recipients: ['a@example.test', 'B@example.test'] }),
      policy({ recipients: ['b@example.test', 'c@example.test'], min_severity: 'info' }),
      policy({ recipients: ['never@example.test'], min_severity: 'critical' }),
    ];
    expect(recipientsFor(ps, 'major', [])).toEqual(['a@example.test', 'B@example.test', 'c@example.test']);
  });
});
