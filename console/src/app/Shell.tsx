/** The frame of every signed-in page: navigation, language, the user, sign-out; no session → login. */
import { A, Navigate, useLocation, useNavigate, type RouteSectionProps } from '@solidjs/router';
import { Match, Switch } from 'solid-js';
import { api } from './api.ts';
import { lang, setLang, t } from './i18n.ts';
import { can, refreshMe, session } from './session.ts';
import { dataLang } from './format.ts';

export const ADMIN_ROLES = ['administrator', 'region_manager', 'hall_manager'] as const;
/** Every role but a clerk's: a user with only the staff role has their own page (/me) and nothing else. */
/** Who sees the organisation's performance pages (the roles with the performance module). */
const PERF_ROLES = ['administrator', 'region_manager', 'hall_manager', 'trainer'] as const;
/** Who has the analytics module (cloud/src/modules/access/permissions.ts): the 数据分析 pages. */
const ANALYTICS_ROLES = ['administrator', 'region_manager', 'hall_manager'] as const;
const NOT_CLERK_ROLES = ['administrator', 'region_manager', 'hall_manager', 'trainer', 'logistics'] as const;
/**
 * Who has the halls' overview and alarms (analytics and alerts view): not a clerk, the warehouse
 * (logistics) or a trainer, whose work is the training library.
 */
const OVERVIEW_ROLES = ['administrator', 'region_manager', 'hall_manager'] as const;
/** Who has inventory edit (permissions.ts): the 物流管理 pages; the warehouse's people start there. */
const INVENTORY_ROLES = ['administrator', 'region_manager', 'hall_manager', 'logistics'] as const;
/** Who has training view (permissions.ts): the 人员培训 pages; a trainer starts there. */
const TRAINING_ROLES = ['administrator', 'region_manager', 'hall_manager', 'trainer'] as const;

export function Shell(props: RouteSectionProps) {
  const { me } = session();
  const navigate = useNavigate();
  const location = useLocation();
  const signOut = async () => {
    await api.auth.logout.mutate().catch(() => undefined);
    await refreshMe();
    navigate('/login', { replace: true });
  };
  return (
    <Switch fallback={<p class="loading">{t('common.loading')}</p>}>
      <Match when={me.error as unknown}>
        <p role="alert" class="error">
          {t('common.cloudUnreachable')}
        </p>
      </Match>
      <Match when={me() === null}>
        {/* Back to the whole address after signing in: a scanned check-in link keeps its session and code. */}
        <Navigate href={`/login?next=${encodeURIComponent(`${location.pathname}${location.search}`)}`} />
      </Match>
      <Match when={me() && location.pathname === '/' && can(me(), ['staff']) && !can(me(), NOT_CLERK_ROLES)}>
        <Navigate href="/me" />
      </Match>
      <Match when={me() && location.pathname === '/' && can(me(), ['logistics']) && !can(me(), OVERVIEW_ROLES)}>
        <Navigate href="/inventory" />
      </Match>
      <Match when={me() && location.pathname === '/' && can(me(), ['trainer']) && !can(me(), OVERVIEW_ROLES)}>
        <Navigate href="/training" />
      </Match>
      <Match when={me()}>
        {(user) => (
          <div class="shell">
            <header class="topbar">
              <a class="brand" href="/">
                {t('app.name')}
              </a>
              <nav aria-label={t('nav.label')}>
                {can(user(), OVERVIEW_ROLES) && (
                  <>
                    <A href="/" end>
                      {t('nav.overview')}
                    </A>
                    <A href="/alarms">{t('nav.alarms')}</A>
                  </>
                )}
                {can(user(), ANALYTICS_ROLES) && <A href="/analysis">{t('analysis.nav')}</A>}
                {can(user(), PERF_ROLES) && <A href="/kpis/league">{t('nav.performance')}</A>}
                {can(user(), INVENTORY_ROLES) && <A href="/inventory">{t('inventory.nav')}</A>}
                {can(user(), TRAINING_ROLES) && <A href="/training">{t('training.nav')}</A>}
                {/* `end`: the clerk's own page, not also under 我的培训 (/me/training) and the others. */}
                {can(user(), ['staff']) && (
                  <A href="/me" end>
                    {t('staff.me.nav')}
                  </A>
                )}
                <A href="/notifications">{t('nav.notify')}</A>
                {/* A clerk's own wishes and swaps: for those who work shifts (the staff role). */}
                {can(user(), ['staff']) && <A href="/me/wishes">{t('wishes.nav.mine')}</A>}
                {can(user(), ['staff']) && <A href="/me/swaps">{t('wishes.nav.swaps')}</A>}
                {can(user(), ['staff']) && <A href="/me/training">{t('training.mine.nav')}</A>}
                {can(user(), ADMIN_ROLES) && <A href="/admin">{t('nav.admin')}</A>}
              </nav>
              <div class="who">
                <span lang={dataLang(user().name)}>{user().name}</span>
                {/* Named in the language it switches to. */}
                <button
                  type="button"
                  class="link"
                  lang={lang() === 'zh-CN' ? 'en' : 'zh-CN'}
                  onClick={() => setLang(lang() === 'zh-CN' ? 'en' : 'zh-CN')}
                >
                  {t('lang.switch')}
                </button>
                <button type="button" class="link" onClick={() => void signOut()}>
                  {t('auth.signOut')}
                </button>
              </div>
            </header>
            <main class="content">{props.children}</main>
          </div>
        )}
      </Match>
    </Switch>
  );
}
