import { randomBytes } from 'node:crypto';
import { API, TestApp } from './test-app';

/** GET /kiosks/{id}/config. */
export interface ConfigBody {
  kioskId: number;
  desiredVersion: number;
  appliedVersion: number;
  settings: Record<string, unknown>;
  ownSettings: Record<string, unknown>;
  pending: { commandId: string; version: number; status: string } | null;
}

/** A `configure` as the kiosk receives it. */
export interface WireCommand {
  command_id: string;
  command: string;
  params: { version: number; settings: Record<string, unknown> };
}

/** A tag of this test run's own, so files and tests never share one. */
export const tagName = (p: string) => `${p}-${randomBytes(3).toString('hex')}`;

/** The remote configuration routes, as admin, each expecting `status`. */
export function configRoutes(t: TestApp) {
  const admin = async () => (await t.admin()).auth;
  return {
    admin,
    putTag: async (tag: string, settings: unknown, status = 200) =>
      (
        await t
          .http()
          .put(`${API}/kiosk-configs/tags/${encodeURIComponent(tag)}`)
          .set(await admin())
          .send({ settings })
          .expect(status)
      ).body,
    putKiosk: async (id: number, settings: unknown, status = 200) =>
      (
        await t
          .http()
          .put(`${API}/kiosks/${id}/config`)
          .set(await admin())
          .send({ settings })
          .expect(status)
      ).body,
    getConfig: async (id: number): Promise<ConfigBody> =>
      (
        await t
          .http()
          .get(`${API}/kiosks/${id}/config`)
          .set(await admin())
          .expect(200)
      ).body,
    /** Ids of the kiosks with `tag` that are (or are not) behind their desired settings. */
    driftIds: async (tag: string, drift: boolean): Promise<number[]> =>
      (
        await t
          .http()
          .get(`${API}/kiosks?tag=${encodeURIComponent(tag)}&configDrift=${drift}`)
          .set(await admin())
          .expect(200)
      ).body.items.map((k: { id: number }) => k.id),
  };
}
