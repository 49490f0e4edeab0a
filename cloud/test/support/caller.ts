/**
 * The app's procedures called in-process as a signed-in user, as the routers' tests do everywhere: the
 * same context the HTTP server builds, with the user given directly (no cookie, no CSRF header).
 */
import { SecretGate } from '@hall/devices/secrets';
import { appRouter } from '../../src/app.router.ts';
import type { Db } from '../../src/db/client.ts';
import type { SessionUser } from '../../src/modules/access/access.service.ts';
import { LoginGuard } from '../../src/modules/access/login-guard.ts';
import type { Jobs } from '../../src/modules/jobs/jobs.service.ts';
import { createCallerFactory, type CloudContext } from '../../src/trpc.ts';

const factory = createCallerFactory(appRouter);

export function callerAs(db: Db, user: SessionUser | null | undefined, o: { jobs?: Jobs } = {}) {
  return factory({
    db,
    authorization: null,
    cookies: {},
    csrfHeader: null,
    hubTokens: new SecretGate(),
    logins: new LoginGuard(),
    source: null,
    user,
    ...(o.jobs ? { jobs: o.jobs } : {}),
  } satisfies CloudContext);
}
