import { join } from 'node:path';
import { ConfigError, loadFleetConfig, parseFleetConfigText } from './config-file';

const YAML = `
url: http://127.0.0.1:3000
kiosks: 40
interval: 5s
duration: 10m
seed: abc
timeScale: 60
tags: [sim, retail]
locations:
  - name: Madrid Atocha
    lat: 40.4065
    lng: -3.6892
    address: Plaza del Emperador Carlos V
    currency: EUR
    indoor: true
    weight: 3
    tags: [station]
  - name: Buenos Aires
    lat: -34.6037
    lng: -58.3816
    priceScale: 1000
scenarios:
  - name: overheat
    share: 10%
    at: 5m
    for: 20m
  - name: flood
    count: 1
    tags: [station]
  - "disk_fill:0.05@1h"
`;

describe('fleet config files', () => {
  it('reads a YAML fleet: locations, tags, scenarios and schedules', () => {
    const c = parseFleetConfigText(YAML, 'fleet.yaml');
    expect(c).toMatchObject({
      url: 'http://127.0.0.1:3000',
      kiosks: 40,
      interval: 5,
      duration: 600,
      seed: 'abc',
      timeScale: 60,
    });
    expect(c.tags).toEqual(['sim', 'retail']);
    expect(c.locations).toHaveLength(2);
    expect(c.locations?.[0]).toMatchObject({
      name: 'Madrid Atocha',
      indoor: true,
      weight: 3,
      tags: ['station'],
      currency: 'EUR',
    });
    expect(c.scenarios).toEqual([
      { name: 'overheat', fraction: 0.1, atSec: 300, forSec: 1200 },
      { name: 'flood', count: 1, tags: ['station'] },
      { name: 'disk_fill', fraction: 0.05, atSec: 3600 },
    ]);
  });

  it('reads the same fleet from JSON', () => {
    const json = JSON.stringify({
      kiosks: 3,
      duration: '30s',
      scenarios: 'mixed',
      locations: [{ name: 'X', lat: 1, lng: 2 }],
    });
    const c = parseFleetConfigText(json, 'fleet.json');
    expect(c).toMatchObject({ kiosks: 3, duration: 30, scenarios: [{ name: 'mixed' }] });
  });

  it.each([
    ['kiosk: 3', /unknown key "kiosk"/],
    ['kiosks: lots', /kiosks: expected a number/],
    ['duration: soon', /duration: invalid duration/],
    ['locations: [{name: A, lat: 95, lng: 0}]', /locations\[0\]\.lat/],
    ['locations: [{name: A, lat: 1, lng: 0, colour: red}]', /locations\[0\]: unknown key "colour"/],
    ['scenarios: [{name: meltdown}]', /unknown scenario "meltdown"/],
    ['scenarios: ["overheat:150%"]', /percent must be in/],
    ['url: [', /cannot parse/],
  ])('rejects %p with a message naming the problem', (text, message) => {
    expect(() => parseFleetConfigText(text, 'fleet.yaml')).toThrow(ConfigError);
    expect(() => parseFleetConfigText(text, 'fleet.yaml')).toThrow(message);
  });
});

describe('the shipped example', () => {
  it('examples/fleet.yaml is a valid fleet description', () => {
    const c = loadFleetConfig(join(__dirname, '..', 'examples', 'fleet.yaml'));
    expect(c.kiosks).toBe(200);
    expect(c.locations?.map((l) => l.tags?.[0])).toEqual(['station', 'station', 'street']);
    expect(c.scenarios?.map((s) => s.name)).toEqual([
      'overheat',
      'disk_fill',
      'memory_leak',
      'printer_jam_storm',
      'network_degradation',
      'card_reader_silent_fail',
      'flapping',
      'clock_skew',
      'malformed',
      'spoof',
      'flood',
    ]);
    expect(c.scenarios?.[10]).toEqual({ name: 'flood', count: 1, atSec: 8 * 3600, forSec: 1800 });
  });
});
