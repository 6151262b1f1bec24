import i18n from 'i18next';
import { describe, expect, it } from 'vitest';
import { explainInWords, type ExplanationTerm } from './explanation';

// Terms as the server writes them (libs/ai/src/anomaly/services/explain.ts), largest first.
const overheat: ExplanationTerm[] = [
  {
    feature: 'cpu_temp',
    value: 97.5,
    contribution: 3,
    text: "cpu_temp 97.5 °C, +3.00, 4.2σ above this kiosk's norm",
  },
  {
    feature: 'printer_status',
    value: 1,
    contribution: 1,
    text: 'printer_status paper_jam, 2.0 jams in the last hour, +1.00',
  },
];

const en = () => i18n.getFixedT('en', 'alerts');
const es = () => i18n.getFixedT('es', 'alerts');

describe('explainInWords', () => {
  it('says the strongest reason first with its share and distance from the norm, then the others (English)', () => {
    expect(explainInWords(overheat, en(), 'en')).toBe(
      "Flagged mainly because the CPU temperature was 97.5 °C (4.2σ above this kiosk's norm, 75% of the score); " +
        'also the printer reported a paper jam (2 jams in the last hour, 25% of the score).',
    );
  });

  it('says the same in Spanish, with Spanish number formatting', () => {
    expect(explainInWords(overheat, es(), 'es')).toBe(
      'Marcada sobre todo porque la temperatura de la CPU era de 97,5 °C (4,2σ por encima de lo normal en este quiosco, 75\u00a0% de la puntuación); ' +
        'además, la impresora informó un atasco de papel (2 atascos en la última hora, 25\u00a0% de la puntuación).',
    );
  });

  it('orders by contribution whatever order the terms come in, and joins three as a list', () => {
    const terms: ExplanationTerm[] = [
      { feature: 'latency', value: 900, contribution: 0.5, text: 'latency 900 ms, +0.50' },
      {
        feature: 'disk_usage',
        value: 91,
        contribution: 1.5,
        text: "disk_usage 91 %, +1.50, 2.0σ above this kiosk's norm",
      },
      { feature: 'card_reader', value: 1, contribution: 0.5, text: 'card_reader error, +0.50' },
    ];
    expect(explainInWords(terms, en(), 'en')).toBe(
      "Flagged mainly because the disk was 91 % full (2σ above this kiosk's norm, 60% of the score); " +
        'also network latency was 900 ms (20% of the score) and the card reader reported an error (20% of the score).',
    );
  });

  it('a single term is one clause; a value below the norm says so', () => {
    const terms: ExplanationTerm[] = [
      {
        feature: 'signal_strength',
        value: -112,
        contribution: 0.8,
        text: "signal_strength -112 dBm, +0.80, 3.1σ below this kiosk's norm",
      },
    ];
    expect(explainInWords(terms, es(), 'es')).toBe(
      'Marcada sobre todo porque la intensidad de señal era de -112 dBm (3,1σ por debajo de lo normal en este quiosco, 100\u00a0% de la puntuación).',
    );
  });

  it('keeps the server text for a field this dashboard does not know, and skips terms that did not push the score up', () => {
    const terms: ExplanationTerm[] = [
      { feature: 'door_open', value: 1, contribution: 1, text: 'door_open 1, +1.00' },
      { feature: 'humidity', value: 40, contribution: 0, text: 'humidity 40 %, +0.00' },
    ];
    expect(explainInWords(terms, en(), 'en')).toBe(
      'Flagged mainly because door_open 1, +1.00 (100% of the score).',
    );
  });

  it('has nothing to say without terms', () => {
    expect(explainInWords(null, en(), 'en')).toBeNull();
    expect(explainInWords([], en(), 'en')).toBeNull();
  });
});
