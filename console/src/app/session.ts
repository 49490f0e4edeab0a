/**
 * Who is signed in: `auth.me`, fetched once and after login; null when there is no session. A page
 * that learns the session has gone sends the user to the login page.
 */
import { createResource } from 'solid-js';
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

const [me, { refetch }] = createResource(fetchMe);
export { me, refetch as refreshMe };

export function can(user: Me | null | undefined, role: readonly string[]): boolean {
  return Boolean(user?.grants.some((g) => role.includes(g.role)));
}
