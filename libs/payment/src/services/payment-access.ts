import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { notFound } from '@app/core';
import { AuthenticatedUser, CanUserSeeKioskQuery, ListVisibleKioskIdsQuery, Role } from '@app/contracts';

export type PaymentUser = Pick<AuthenticatedUser, 'id' | 'role'>;

/**
 * Payments belong to kiosks: a user sees a payment when they may see its kiosk (the kiosk module
 * decides). Anything else is "not found", so ids cannot be probed.
 */
@Injectable()
export class PaymentAccess {
  constructor(private readonly queries: QueryBus) {}

  async canSeeKiosk(user: PaymentUser, kioskId: number): Promise<boolean> {
    return this.queries.execute<CanUserSeeKioskQuery, boolean>(new CanUserSeeKioskQuery(user, kioskId));
  }

  async assertKioskVisible(user: PaymentUser, kioskId: number, what = 'Kiosk'): Promise<void> {
    if (!(await this.canSeeKiosk(user, kioskId))) throw notFound(what);
  }

  /** The kiosk ids a list may show: null for "every kiosk" (admins). */
  async visibleKioskIds(user: PaymentUser): Promise<number[] | null> {
    if (user.role === Role.Admin) return null;
    return this.queries.execute<ListVisibleKioskIdsQuery, number[]>(new ListVisibleKioskIdsQuery(user));
  }
}
