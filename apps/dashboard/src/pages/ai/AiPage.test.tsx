import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../api/session';
import { signedInAs, type Route } from '../../test/fake-api';
import { ModelsCard } from './ModelsCard';
import type { AiModel } from './queries';
import { RetrainCard } from './RetrainCard';

const metrics = {
  precision: 0.99,
  recall: 0.98,
  f1: 0.985,
  rocAuc: 0.99,
  prAuc: 0.99,
  falsePositiveRate: 0.005,
};
const models: AiModel[] = [
  {
    version: 'anomaly-r2',
    algorithm: 'gradient_boosted_trees',
    status: 'active',
    metrics,
    threshold: 0.35,
    featureSpecHash: 'h',
    createdAt: '2026-11-25T12:00:00.000Z',
  },
  {
    version: 'anomaly-r1',
    algorithm: 'logistic_regression',
    status: 'retired',
    metrics,
    threshold: 0.4,
    featureSpecHash: 'h',
    createdAt: '2026-11-24T12:00:00.000Z',
  },
];
const listing: Route = (req) =>
  req.url.pathname === '/api/v1/ai/models'
    ? { status: 200, body: { items: models, nextCursor: null } }
    : undefined;

async function renderAi(role: Role) {
  const { wrap } = await signedInAs(role, [listing]);
  render(
    wrap(
      <>
        <ModelsCard />
        <RetrainCard />
      </>,
    ),
  );
  await screen.findByText('anomaly-r1');
}

describe('AI page role gating', () => {
  it('a viewer reads the models and their metrics but gets no activate, rollback or retrain', async () => {
    await renderAi('viewer');
    expect(screen.getAllByText('98.5%')).toHaveLength(2);
    expect(screen.queryByRole('button')).toBeNull();
    expect(screen.queryByText('Retrain')).toBeNull();
  });

  it('an operator may retrain on synthetic data only, and activates nothing', async () => {
    await renderAi('operator');
    expect(screen.queryByRole('button', { name: /activate|roll back/i })).toBeNull();
    const select = screen.getByLabelText('Training data');
    expect(
      within(select)
        .getAllByRole('option')
        .map((o) => o.getAttribute('value')),
    ).toEqual(['synthetic']);
    expect(screen.getByRole('button', { name: 'Start retraining' })).toBeInTheDocument();
  });

  it('an admin activates any model but the active one, rolls back, and retrains on any data', async () => {
    await renderAi('admin');
    expect(
      screen.getAllByRole('button', { name: /^Activate/ }).map((b) => b.getAttribute('aria-label')),
    ).toEqual(['Activate anomaly-r1']);
    expect(screen.getByRole('button', { name: 'Roll back' })).toBeInTheDocument();
    const select = screen.getByLabelText('Training data');
    expect(
      within(select)
        .getAllByRole('option')
        .map((o) => o.getAttribute('value')),
    ).toEqual(['synthetic', 'real', 'mixed']);
  });
});
