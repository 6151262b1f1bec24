import { findProcessorProblems } from './processor-check';

describe('findProcessorProblems', () => {
  const expected = { notifications: ['deliver-webhook', 'send-email'], 'ai-retraining': ['retrain'] };
  const queues = ['notifications', 'ai-retraining'];
  const p = (queue: string, jobName: string | undefined, handler = 'P.handle') => ({
    queue,
    jobName,
    handler,
  });

  it('accepts exactly one processor per job', () => {
    const ok = [
      p('notifications', 'deliver-webhook'),
      p('notifications', 'send-email'),
      p('ai-retraining', 'retrain'),
    ];
    expect(findProcessorProblems(ok, expected, queues)).toEqual([]);
  });

  it('names a job without a processor, one with two, an unknown job and an unknown queue', () => {
    const problems = findProcessorProblems(
      [
        p('notifications', 'deliver-webhook', 'A.one'),
        p('notifications', 'deliver-webhook', 'B.two'),
        p('notifications', 'send-sms', 'C.sms'),
        p('payments', 'x', 'D.x'),
      ],
      expected,
      queues,
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'queue "notifications": job "deliver-webhook" has 2 processors (A.one, B.two)',
        'queue "notifications": job "send-email" has no processor',
        'queue "ai-retraining": job "retrain" has no processor',
        'queue "notifications": processor C.sms handles unknown job "send-sms"',
        'processor D.x listens on unknown queue "payments"',
      ]),
    );
  });

  it('refuses unnamed @Process() handlers, which would swallow every job name', () => {
    expect(
      findProcessorProblems([p('ai-retraining', undefined, 'R.any')], { 'ai-retraining': [] }, [
        'ai-retraining',
      ]),
    ).toEqual(['queue "ai-retraining": unnamed @Process() handler(s) R.any']);
  });
});
