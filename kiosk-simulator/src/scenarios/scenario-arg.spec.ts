import { parseScenarioArg } from './scenario-arg';

describe('--scenario parsing', () => {
  it('reads shares, counts, start times and durations', () => {
    expect(parseScenarioArg('overheat:10%@5m~20m,flood:2,disk_fill:0.05@1h,memory_leak')).toEqual([
      { name: 'overheat', fraction: 0.1, atSec: 300, forSec: 1200 },
      { name: 'flood', count: 2 },
      { name: 'disk_fill', fraction: 0.05, atSec: 3600 },
      { name: 'memory_leak' },
    ]);
    expect(parseScenarioArg('normal')).toEqual([]);
    expect(parseScenarioArg('mixed')).toEqual([{ name: 'mixed' }]);
  });

  it.each([
    ['meltdown', /unknown scenario "meltdown"/],
    ['overheat:2.5', /count must be an integer/],
    ['overheat@soon', /invalid duration/],
    ['overheat:10%:3', /expected name\[:share\]/],
  ])('rejects %p', (arg, message) => {
    expect(() => parseScenarioArg(arg)).toThrow(message);
  });
});
