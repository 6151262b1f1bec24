/**
 * Where the session's tokens live in the browser.
 *
 * - The access token (short-lived, bearer for every call) stays in memory only: nothing persisted can
 *   leak it, and losing it on reload costs one refresh.
 * - The refresh token goes to sessionStorage, not localStorage or a cookie: it survives a reload (an
 *   operator pressing F5 stays signed in) but is scoped to this tab and gone when the tab closes, so a
 *   shared kiosk-room PC does not keep a session alive for the next person; it is never sent
 *   automatically with requests (no CSRF surface). It is single-use and rotating: if a copy is ever
 *   stolen and replayed, the server revokes the whole session family.
 */
const REFRESH_KEY = 'kf.refreshToken';

export interface RefreshTokenStore {
  read(): string | undefined;
  write(token: string | undefined): void;
}

export function sessionStorageStore(storage: Storage | undefined = safeSessionStorage()): RefreshTokenStore {
  return {
    read: () => storage?.getItem(REFRESH_KEY) ?? undefined,
    write: (token) => {
      if (!storage) return;
      if (token) storage.setItem(REFRESH_KEY, token);
      else storage.removeItem(REFRESH_KEY);
    },
  };
}

function safeSessionStorage(): Storage | undefined {
  try {
    return typeof sessionStorage === 'undefined' ? undefined : sessionStorage;
  } catch {
    return undefined; // blocked by the browser: the session just ends with the page
  }
}
