import { API, TestApp } from './test-app';

export interface IssuedApiKey {
  id: string;
  key: string;
  prefix: string;
  /** Headers that authenticate as the key. */
  auth: { 'X-API-Key': string };
}

/** Issues an API key through the API as admin (CONTRACT §8). */
export async function issueApiKey(
  t: TestApp,
  body: { name?: string; role: 'operator' | 'viewer'; tags: string[]; expiresAt?: string },
): Promise<IssuedApiKey> {
  const res = await t
    .http()
    .post(`${API}/api-keys`)
    .set((await t.admin()).auth)
    .send({ name: body.name ?? `key ${body.role} ${body.tags.join(',')}`, ...body });
  if (res.status !== 201) throw new Error(`issue key failed: ${res.status} ${JSON.stringify(res.body)}`);
  const { apiKey, key } = res.body as { apiKey: { id: string; prefix: string }; key: string };
  return { id: apiKey.id, key, prefix: apiKey.prefix, auth: { 'X-API-Key': key } };
}
