/**
 * 我的绩效 `/me/kpis`: the signed-in clerk's own KPIs, phone-first — their cards and the facts behind
 * them, nothing of anyone else (the hall's band is anonymous and needs three clerks). Someone whose
 * account is not linked to an employee is told whom to ask.
 */
import { A } from '@solidjs/router';
import { createResource, Show } from 'solid-js';
import { api } from '../../../api.ts';
import { Loaded } from '../../../components/States.tsx';
import { t } from '../../../i18n.ts';
import { ClerkKpis } from './ClerkKpis.tsx';

export default function MyKpisPage() {
  const [me, { refetch }] = createResource(async () => ({ record: await api.staff.me.query() }));
  return (
    <section class="kpi-views kpi-me">
      <p class="crumbs">
        <A href="/me">{t('staff.me.title')}</A>
      </p>
      <Loaded of={me} retry={() => void refetch()}>
        {(m) => (
          <Show
            when={m().record}
            fallback={
              <div class="state empty" role="status">
                <h1>{t('kpiViews.me.title')}</h1>
                <p>{t('staff.me.notLinked')}</p>
              </div>
            }
          >
            {(r) => <ClerkKpis employeeId={r().id} self />}
          </Show>
        )}
      </Loaded>
    </section>
  );
}
