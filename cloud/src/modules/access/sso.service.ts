/**
 * Single sign-on with OpenID Connect (openid-client): authorization code flow with PKCE, state and
 * nonce. A user signs in through the provider only if the cloud already has them (same username as the
 * provider's `preferred_username`); the provider's subject is linked at the first sign-on and used from
 * then on. Pending logins live in memory for ten minutes, bound to the browser by a cookie.
 */
import { randomBytes } from 'node:crypto';
import * as client from 'openid-client';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { accessRepository as repo } from './access.repository.ts';
import { audit, openSession } from './access.service.ts';

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** Plain http issuers are allowed only for tests and local providers. */
  allowInsecure?: boolean;
}

interface Pending {
  verifier: string;
  nonce: string;
  browser: string;
  expires: number;
}

export class SsoService {
  readonly #settings: OidcSettings;
  readonly #db: Db;
  #config: client.Configuration | null = null;
  readonly #pending = new Map<string, Pending>();

  constructor(db: Db, settings: OidcSettings) {
    this.#db = db;
    this.#settings = settings;
  }

  async #configuration() {
    this.#config ??= await client.discovery(
      new URL(this.#settings.issuer),
      this.#settings.clientId,
      this.#settings.clientSecret,
      undefined,
      this.#settings.allowInsecure ? { execute: [client.allowInsecureRequests] } : undefined,
    );
    return this.#config;
  }

  /** Where to send the browser, and the cookie that binds the login to it. */
  async start(): Promise<{ url: string; browserCookie: string }> {
    const config = await this.#configuration();
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const browser = randomBytes(16).toString('base64url');
    const now = Date.now();
    for (const [k, p] of this.#pending) if (p.expires < now) this.#pending.delete(k);
    this.#pending.set(state, { verifier, nonce, browser, expires: now + 10 * 60_000 });
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.#settings.redirectUri,
      scope: 'openid profile email',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url: url.href, browserCookie: browser };
  }

  /** The provider sent the browser back: exchange the code, find the user, open a session. */
  async finish(
    callbackUrl: URL,
    browserCookie: string | undefined,
  ): Promise<{ token: string; csrfToken: string; userId: string }> {
    const state = callbackUrl.searchParams.get('state') ?? '';
    const pending = this.#pending.get(state);
    this.#pending.delete(state);
    if (!pending || pending.expires < Date.now() || pending.browser !== browserCookie)
      throw new AppError('UNAUTHORIZED', 'sign-on expired or started in another browser; start again');
    const config = await this.#configuration();
    const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: pending.verifier,
      expectedState: state,
      expectedNonce: pending.nonce,
    });
    const idClaims = tokens.claims();
    if (!idClaims) throw new AppError('UNAUTHORIZED', 'the provider sent no ID token');
    // Providers put profile claims in the ID token or only behind the userinfo endpoint: ask there too.
    const info = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub).catch(() => null);
    const claims = {
      ...info,
      ...idClaims,
      preferred_username: idClaims.preferred_username ?? info?.preferred_username,
    };
    let user = await repo.userBySubject(this.#db, claims.sub);
    if (!user && typeof claims.preferred_username === 'string') {
      const candidate = await repo.userByName(this.#db, claims.preferred_username);
      if (candidate && !candidate.oidcSubject) {
        await repo.updateUser(this.#db, candidate.id, { oidcSubject: claims.sub });
        user = { ...candidate, oidcSubject: claims.sub };
      }
    }
    if (!user || user.disabled) {
      await audit(this.#db, {
        userId: null,
        action: 'auth.sso-refused',
        entity: 'oidc-subject',
        entityId: claims.sub,
        orgUnitId: null,
        after: { preferred_username: claims.preferred_username ?? null },
      });
      throw new AppError('FORBIDDEN', 'no account here for this sign-on; ask an administrator');
    }
    await audit(this.#db, {
      userId: user.id,
      action: 'auth.sso-login',
      entity: 'user',
      entityId: user.id,
      orgUnitId: user.orgUnitId,
      after: { subject: claims.sub },
    });
    return openSession(this.#db, user.id);
  }
}
