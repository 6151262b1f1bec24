import { validateCommandParams } from './command-params';

describe('validateCommandParams', () => {
  it('accepts each command with its params', () => {
    expect(validateCommandParams('block', { reason: 'vandalism' })).toEqual([]);
    expect(validateCommandParams('unblock', {})).toEqual([]);
    expect(
      validateCommandParams('update', { version: '2.4.1', url: 'https://fw.example/2.4.1.bin' }),
    ).toEqual([]);
    expect(
      validateCommandParams('refund', {
        payment_id: '6f1c1b1e-3d4c-4a8a-9d0e-2a7b8c9d0e1f',
        amount: '12.50',
      }),
    ).toEqual([]);
  });

  it('names missing, malformed and unknown params', () => {
    expect(validateCommandParams('update', {})).toEqual([
      { field: 'params.version', message: 'is required for update' },
    ]);
    expect(validateCommandParams('update', { version: '1', url: 'ftp://x' })).toEqual([
      { field: 'params.url', message: 'must be an http(s) URL' },
    ]);
    expect(validateCommandParams('refund', { payment_id: 'abc', amount: 12.5 })).toEqual([
      { field: 'params.payment_id', message: 'must be a UUID' },
      { field: 'params.amount', message: 'must be a decimal string such as "12.50"' },
    ]);
    expect(validateCommandParams('unblock', { force: true })).toEqual([
      { field: 'params.force', message: 'is not a parameter of unblock' },
    ]);
  });
});
