import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { MetricsService } from '@app/core';

/**
 * Login protection's Prometheus counters. No label says whether the username exists: /metrics would
 * otherwise answer what the login responses are careful not to.
 */
@Injectable()
export class LoginMetrics {
  readonly failures: Counter;
  readonly delayed: Counter<'scope'>;

  constructor(metrics: MetricsService) {
    this.failures = new Counter({
      name: 'auth_login_failures_total',
      help: 'Login attempts refused for a wrong username or password (or a disabled user)',
      registers: [metrics.registry],
    });
    this.delayed = new Counter({
      name: 'auth_login_delayed_total',
      help: 'Login attempts answered 429 before the password was checked: scope "address" = the (username, address) is waiting out its delay, "username" = the username is past its failure ceiling',
      labelNames: ['scope'],
      registers: [metrics.registry],
    });
    for (const scope of ['address', 'username']) this.delayed.inc({ scope }, 0);
  }
}
