/** Sign-in: username and password, or the organisation's single sign-on when the cloud has one. */
import { useNavigate, useSearchParams } from '@solidjs/router';
import { TRPCClientError } from '@trpc/client';
import { createResource, createSignal, Show } from 'solid-js';
import { api } from '../api.ts';
import { lang, setLang, t } from '../i18n.ts';
import { refreshMe } from '../session.ts';

export interface LoginFormProps {
  sso: boolean;
  onSubmit: (username: string, password: string) => Promise<void>;
}

/** The form alone (component-tested): says which field is missing, and why a sign-in failed. */
export function LoginForm(props: LoginFormProps) {
  // Kept as how to say it, so that it follows the language switch below the form.
  const [error, setError] = createSignal<(() => string) | null>(null);
  const [busy, setBusy] = createSignal(false);
  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const username = String(form.get('username') ?? '').trim();
    const password = String(form.get('password') ?? '');
    if (!username) return setError(() => () => t('auth.usernameMissing'));
    if (!password) return setError(() => () => t('auth.passwordMissing'));
    setBusy(true);
    setError(null);
    try {
      await props.onSubmit(username, password);
    } catch (err) {
      const data =
        err instanceof TRPCClientError
          ? (err.data as { code?: string; reason?: string; retryAfterSeconds?: number } | undefined)
          : undefined;
      const seconds = data?.retryAfterSeconds ?? 60;
      const minutes = Math.max(1, Math.ceil(seconds / 60));
      setError(
        () => () =>
          data?.code === 'UNAUTHORIZED'
            ? t('auth.wrong')
            : data?.code === 'TOO_MANY_REQUESTS'
              ? data.reason === 'busy'
                ? t('auth.busy')
                : // A lock is minutes; the account-wide slow-down is seconds: "1 minute" would be wrong there.
                  seconds < 60
                  ? t('auth.lockedSeconds', { seconds })
                  : t('auth.locked', { minutes })
              : t('common.cloudUnreachable'),
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="login-form" onSubmit={(e) => void submit(e)} noValidate>
      <label>
        {t('auth.username')}
        <input name="username" autocomplete="username" />
      </label>
      <label>
        {t('auth.password')}
        <input name="password" type="password" autocomplete="current-password" />
      </label>
      <Show when={error()}>
        {(say) => (
          <p role="alert" class="error">
            {say()()}
          </p>
        )}
      </Show>
      <button type="submit" class="primary" disabled={busy()}>
        {t('auth.signIn')}
      </button>
      <Show when={props.sso}>
        <a class="button" href="/auth/oidc/login">
          {t('auth.sso')}
        </a>
      </Show>
    </form>
  );
}

export function LoginPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [methods] = createResource(() => api.auth.methods.query().catch(() => ({ sso: false })));
  const signIn = async (username: string, password: string) => {
    await api.auth.login.mutate({ username, password });
    await refreshMe();
    const next =
      typeof params.next === 'string' && params.next.startsWith('/') && !params.next.startsWith('//')
        ? params.next
        : '/';
    navigate(next, { replace: true });
  };
  return (
    <main class="login">
      <div class="login-card">
        <h1>{t('app.name')}</h1>
        <p class="muted">{t('auth.title')}</p>
        <LoginForm sso={methods()?.sso ?? false} onSubmit={signIn} />
        <button
          type="button"
          class="link"
          lang={lang() === 'zh-CN' ? 'en' : 'zh-CN'}
          onClick={() => setLang(lang() === 'zh-CN' ? 'en' : 'zh-CN')}
        >
          {t('lang.switch')}
        </button>
      </div>
    </main>
  );
}
