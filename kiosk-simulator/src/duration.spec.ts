import { formatDuration, parseDuration } from './duration';

describe('parseDuration', () => {
  it.each([
    ['30s', 30],
    ['10m', 600],
    ['2h', 7200],
    ['1d', 86400],
    ['1h30m', 5400],
    ['500ms', 0.5],
    ['45', 45],
    ['2.5m', 150],
    [' 10M ', 600],
  ])('reads %p as %p seconds', (text, seconds) => {
    expect(parseDuration(text)).toBeCloseTo(seconds, 6);
  });

  it.each(['', '10x', 'm10', '10m junk', '-5s', 'ten minutes', '1h 30m'])('rejects %p', (text) => {
    expect(() => parseDuration(text)).toThrow(/invalid duration/);
  });

  it('accepts plain numbers from config files', () => {
    expect(parseDuration(12)).toBe(12);
    expect(() => parseDuration(-1)).toThrow();
  });
});

describe('formatDuration', () => {
  it('shows minutes and seconds, and hours when needed', () => {
    expect(formatDuration(65)).toBe('01:05');
    expect(formatDuration(3725)).toBe('1:02:05');
  });
});
