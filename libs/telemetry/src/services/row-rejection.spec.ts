import { CopyInvalidTextError, CopyValueOutOfRangeError } from '@app/database';
import {
  copyErrorPosition,
  isRowErrorCode,
  reasonOfSqlState,
  rejectionOfDatabase,
  rejectionOfEncoding,
} from './row-rejection';

const pgError = (code: string, where?: string) => Object.assign(new Error('refused'), { code, where });

describe('telling a reading the store can never hold from an outage', () => {
  it('counts data, constraint and program-limit SQLSTATEs as the rows’ fault, connection trouble as transient', () => {
    for (const code of ['22003', '22P05', '23502', '23505', '54000']) expect(isRowErrorCode(code)).toBe(true);
    for (const code of ['57P01', '08006', '53300', '40P01', 'ECONNREFUSED', undefined, 22003]) {
      expect(isRowErrorCode(code)).toBe(false);
    }
  });

  it('reads which COPY row and column the database refused, also under a JSON context line', () => {
    expect(copyErrorPosition(pgError('23502', 'COPY telemetry, line 3'))).toEqual({
      line: 3,
      column: undefined,
    });
    expect(
      copyErrorPosition(
        pgError('22P05', 'JSON data, line 1: {"a":"\\u0000...\nCOPY telemetry, line 12, column extra'),
      ),
    ).toEqual({ line: 12, column: 'extra' });
    expect(copyErrorPosition(pgError('23502'))).toBeUndefined();
    expect(copyErrorPosition(pgError('22P02', 'SQL function "f" statement 1'))).toBeUndefined();
  });

  it('names the reason and the wire field', () => {
    expect(reasonOfSqlState('22008')).toBe('out_of_range');
    expect(reasonOfSqlState('22021')).toBe('invalid_text');
    expect(reasonOfSqlState('23514')).toBe('constraint');
    expect(reasonOfSqlState('54001')).toBe('data_exception');
    expect(rejectionOfDatabase(pgError('23502', 'COPY telemetry, line 1'), 'cpu_temp')).toEqual({
      reason: 'not_null',
      field: 'hardware.cpu_temp',
      message: 'refused',
    });
    expect(
      rejectionOfEncoding(new CopyValueOutOfRangeError('1e+39 is out of range for type real'), 'accuracy'),
    ).toEqual({
      reason: 'out_of_range',
      field: 'location.accuracy',
      message: '1e+39 is out of range for type real',
    });
    expect(rejectionOfEncoding(new CopyInvalidTextError('x'), 'extra').reason).toBe('invalid_text');
    expect(
      rejectionOfEncoding(new TypeError('Do not know how to serialize a BigInt'), 'extra'),
    ).toMatchObject({
      reason: 'unencodable',
      field: 'extra',
    });
    expect(rejectionOfEncoding(new Error('x'), undefined).field).toBe('reading');
  });
});
