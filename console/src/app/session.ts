/**
 * Who is signed in: `auth.me`, fetched once and after login; null when there is no session. A page
 * that learns the session has gone sends the user to the login page.
 */
import { createResource, createRoot } from 'solid-js';
import { api, isUnauthorized, type Outputs } from './api.ts';

export type Me = Outputs['auth']['me'];

async function fetchMe(): Promise<Me | null> {
  try {
    return await api.auth.me.query();
  } catch (err) {
    if (isUnauthorized(err)) return null;
    throw err;
  }
}

/** Created on first use (importing this module fetches nothing), owned for the page's lifetime. */
let state: { me: ReturnType<typeof createResource<Me | null>>[0]; refetch: () => unknown } | undefined;

export function session() {
  state ??= createRoot(() => {
    const [me, { refetch }] = createResource(fetchMe);
    return { me, refetch };
  });
  return state;
}

export const refreshMe = async () => {
  await session().refetch();
};

export function can(user: Me | null | undefined, role: readonly string[]): boolean {
  return Boolean(user?.grants.some((g) => role.includes(g.role)));
}
