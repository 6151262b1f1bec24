import { reconcile, RecordedTotal } from './z-report-reconciliation';

const recorded: RecordedTotal[] = [
  { currency: 'USD', method: 'cash', count: 3, minor: 3000n },
  { currency: 'USD', method: 'card', count: 2, minor: 2550n },
  { currency: 'JPY', method: 'qr', count: 1, minor: 1200n },
];

describe('reconcile (z-report vs recorded payments)', () => {
  it('finds nothing when every line matches, per method or per currency', () => {
    expect(
      reconcile(
        [
          { currency: 'USD', method: 'cash', count: 3, minor: 3000n },
          { currency: 'USD', method: 'card', count: null, minor: 2550n },
          { currency: 'JPY', method: null, count: 1, minor: 1200n },
        ],
        recorded,
      ),
    ).toEqual([]);
  });

  it('reports a total that differs, with both sides', () => {
    const d = reconcile(
      [
        { currency: 'USD', method: null, count: 5, minor: 5500n },
        { currency: 'JPY', method: null, count: null, minor: 1200n },
      ],
      recorded,
    );
    expect(d).toEqual([
      {
        currency: 'USD',
        method: null,
        reportedMinor: 5500n,
        recordedMinor: 5550n,
        reportedCount: 5,
        recordedCount: 5,
      },
    ]);
  });

  it('reports a count that differs even when the amount matches', () => {
    const d = reconcile([{ currency: 'USD', method: 'cash', count: 4, minor: 3000n }], recorded.slice(0, 1));
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ reportedCount: 4, recordedCount: 3 });
  });

  it('treats recorded sales no line covers as reported zero', () => {
    const d = reconcile([{ currency: 'USD', method: 'cash', count: 3, minor: 3000n }], recorded);
    expect(d.map((x) => `${x.currency}/${x.method}:${x.reportedMinor}/${x.recordedMinor}`)).toEqual([
      'USD/card:0/2550',
      'JPY/qr:0/1200',
    ]);
  });

  it('reports a line the server has nothing for', () => {
    const d = reconcile([{ currency: 'EUR', method: null, count: null, minor: 100n }], []);
    expect(d).toEqual([
      {
        currency: 'EUR',
        method: null,
        reportedMinor: 100n,
        recordedMinor: 0n,
        reportedCount: null,
        recordedCount: 0,
      },
    ]);
  });
});
