/**
 * The cloud's cookies, written in one place: the session (httpOnly), its CSRF token (read by the
 * console's scripts), and the pending single sign-on. Each is `Secure` when the request came over
 * HTTPS (directly, or through a trusted proxy's X-Forwarded-Proto), or always with
 * CLOUD_SECURE_COOKIES=always: a browser then never sends them over plain HTTP.
 */
export const SESSION_SECONDS = 12 * 3_600;

export interface CookieSpec {
  name: 'hall_session' | 'hall_csrf' | 'hall_oidc';
  value: string;
  maxAge: number;
}

const ATTRIBUTES: Record<CookieSpec['name'], string> = {
  hall_session: 'HttpOnly; SameSite=Strict; Path=/',
  hall_csrf: 'SameSite=Strict; Path=/',
  hall_oidc: 'HttpOnly; SameSite=Lax; Path=/auth/oidc',
};

export function cookie(c: CookieSpec, secure: boolean): string {
  return `${c.name}=${c.value}; ${ATTRIBUTES[c.name]}; Max-Age=${c.maxAge}${secure ? '; Secure' : ''}`;
}
