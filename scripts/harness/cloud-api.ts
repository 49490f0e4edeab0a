/**
 * The cloud's tRPC API over HTTP as a signed-in user (session cookie + CSRF header), as the console makes
 * its calls: the demo (`npm start`) and the browser tests create their data through it.
 */
export interface CloudApi {
  /** A mutation. */
  call: <T = unknown>(path: string, input?: unknown) => Promise<T>;
  /** A query. */
  get: <T = unknown>(path: string, input?: unknown) => Promise<T>;
}

/**
 * Signs in and answers the API of that user. `attempts`: a connection the cloud dropped (busy taking a
 * history's last batches) is tried again up to that many times, a second longer each time.
 */
export async function signInApi(
  base: string,
  who: { username: string; password: string },
  o: { attempts?: number } = {},
): Promise<CloudApi> {
  const attempts = o.attempts ?? 1;
  const fetch = async (url: string, init: RequestInit): Promise<Response> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await globalThis.fetch(url, init);
      } catch (err) {
        if (attempt >= attempts) throw err;
        await new Promise((r) => setTimeout(r, 1_000 * attempt));
      }
    }
  };
  const login = await fetch(`${base}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify(who),
  });
  if (login.status !== 200) throw new Error(`${who.username} could not sign in (${login.status})`);
  const cookies = login.headers.getSetCookie();
  const cookie = cookies.map((c) => c.split(';')[0]).join('; ');
  const csrf = decodeURIComponent(/hall_csrf=([^;]+)/.exec(cookies.join(';'))?.[1] ?? '');
  const answer = async <T>(path: string, res: Response): Promise<T> => {
    const body = (await res.json()) as { result?: { data: T }; error?: unknown };
    if (!body.result) throw new Error(`${path}: ${res.status} ${JSON.stringify(body.error)}`);
    return body.result.data;
  };
  return {
    call: async <T>(path: string, input?: unknown): Promise<T> =>
      answer<T>(
        path,
        await fetch(`${base}/trpc/${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf, origin: base },
          body: JSON.stringify(input),
        }),
      ),
    get: async <T>(path: string, input?: unknown): Promise<T> =>
      answer<T>(
        path,
        await fetch(
          `${base}/trpc/${path}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`,
          { headers: { cookie } },
        ),
      ),
  };
}
