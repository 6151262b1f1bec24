import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthenticatedUser, CanUserSeeKioskQuery, ListVisibleKioskIdsQuery, Role } from '@app/contracts';
import { queryRecords } from '@app/database';
import type { Site } from '../location/drift-tracker';

const TAGS_TTL_MS = 60_000;

type Viewer = Pick<AuthenticatedUser, 'id' | 'role'>;

/**
 * What the alert module needs to know of kiosks: their tags (rule and window scopes) and registered
 * location (location drift), cached together as they are read for every reading (from
 * `kiosk_facts_v`, the kiosk module's read model: one batched read per new kiosks, never per
 * reading), and who may see them (asked of the kiosk module). A kiosk edited on this instance is re-read at its next reading
 * (`forget`); an edit made through another instance is seen within TAGS_TTL_MS.
 */
@Injectable()
export class KioskFactsForAlerts {
  private readonly tags = new Map<number, { tags: string[]; site: Site | undefined; at: number }>();
  private readonly refreshing = new Set<number>();
  /** First reads under way: rule evaluation and drift ask for the same new kiosk at once, one query serves both. */
  private readonly loading = new Map<number, Promise<void>>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queries: QueryBus,
  ) {}

  /**
   * Loads the tags of kiosks not cached yet (awaited: scopes need them). Tags cached too long ago are
   * re-read in the background, so the telemetry path never waits for a refresh.
   */
  async ensureTags(kioskIds: Iterable<number>): Promise<void> {
    const now = Date.now();
    const missing: number[] = [];
    const expired: number[] = [];
    const inFlight = new Set<Promise<void>>();
    for (const id of new Set(kioskIds)) {
      const c = this.tags.get(id);
      const loading = c ? undefined : this.loading.get(id);
      if (loading) inFlight.add(loading);
      else if (!c) missing.push(id);
      else if (now - c.at > TAGS_TTL_MS && !this.refreshing.has(id)) expired.push(id);
    }
    if (expired.length) {
      for (const id of expired) this.refreshing.add(id);
      void this.load(expired)
        .catch(() => undefined)
        .finally(() => {
          for (const id of expired) this.refreshing.delete(id);
        });
    }
    if (missing.length) {
      const loaded = this.load(missing).finally(() => {
        for (const id of missing) if (this.loading.get(id) === loaded) this.loading.delete(id);
      });
      for (const id of missing) this.loading.set(id, loaded);
      inFlight.add(loaded);
    }
    if (inFlight.size) await Promise.all(inFlight);
  }

  private async load(ids: number[]): Promise<void> {
    const rows = await queryRecords<{ id: number; tags: string[]; lat: number; lng: number }>(
      this.dataSource,
      `SELECT id, tags, lat, lng FROM kiosk_facts_v WHERE id = ANY ($1::int[])`,
      [ids],
    );
    const at = Date.now();
    for (const id of ids) this.tags.set(id, { tags: [], site: undefined, at });
    for (const r of rows) this.tags.set(r.id, { tags: r.tags, site: { lat: r.lat, lng: r.lng }, at });
  }

  /** Whether the kiosk is registered (read fresh: a scope must not name a kiosk that is gone). */
  async exists(kioskId: number): Promise<boolean> {
    const rows = await queryRecords<{ id: number }>(
      this.dataSource,
      `SELECT id FROM kiosk_facts_v WHERE id = $1`,
      [kioskId],
    );
    return rows.length > 0;
  }

  /** Drops what is cached of a kiosk (it was edited here): its next reading waits for a fresh read. */
  forget(kioskId: number): void {
    this.tags.delete(kioskId);
  }

  /** Cached registered location (call ensureTags first); undefined for an unknown kiosk. */
  siteOf(kioskId: number): Site | undefined {
    return this.tags.get(kioskId)?.site;
  }

  /** Cached tags (call ensureTags first). */
  tagsOf(kioskId: number): string[] {
    return this.tags.get(kioskId)?.tags ?? [];
  }

  /** When the cached tags were read (changes whenever they are re-read): a cache key for callers. */
  tagsStamp(kioskId: number): number {
    return this.tags.get(kioskId)?.at ?? 0;
  }

  async tagsFor(kioskId: number): Promise<string[]> {
    await this.ensureTags([kioskId]);
    return this.tagsOf(kioskId);
  }

  /** The kiosk ids a user may see; null for admins (every kiosk). */
  async visibleKioskIds(user: Viewer): Promise<number[] | null> {
    if (user.role === Role.Admin) return null;
    return this.queries.execute<ListVisibleKioskIdsQuery, number[]>(new ListVisibleKioskIdsQuery(user));
  }

  canSee(user: Viewer, kioskId: number): Promise<boolean> {
    if (user.role === Role.Admin) return Promise.resolve(true);
    return this.queries.execute<CanUserSeeKioskQuery, boolean>(new CanUserSeeKioskQuery(user, kioskId));
  }
}
