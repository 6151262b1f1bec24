import { dashboardCsp, tileSource } from './dashboard-csp';

describe('tileSource', () => {
  it('admits the tile server of a plain template by its origin', () => {
    expect(tileSource('https://tile.openstreetmap.org/{z}/{x}/{y}.png')).toBe(
      'https://tile.openstreetmap.org',
    );
    expect(tileSource('http://10.0.0.5:8080/tiles/{z}/{x}/{y}.png')).toBe('http://10.0.0.5:8080');
  });

  it('turns a {s} subdomain into the CSP wildcard, and falls back to the scheme for other host placeholders', () => {
    expect(tileSource('https://{s}.tile.example.org/{z}/{x}/{y}.png')).toBe('https://*.tile.example.org');
    expect(tileSource('https://tiles-{s}.example.org/{z}/{x}/{y}.png')).toBe('https:');
  });

  it('needs nothing for tiles served by the API origin itself, or for no tiles', () => {
    expect(tileSource('/tiles/{z}/{x}/{y}.png')).toBeUndefined();
    expect(tileSource('')).toBeUndefined();
  });
});

describe('dashboardCsp', () => {
  it('allows no inline or foreign script, and images from the tile server only besides its own', () => {
    const csp = dashboardCsp('https://{s}.tile.example.org/{z}/{x}/{y}.png');
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("img-src 'self' data: blob: https://*.tile.example.org;");
    expect(csp).toContain("connect-src 'self';");
    expect(csp).toContain("object-src 'none'");
  });
});
