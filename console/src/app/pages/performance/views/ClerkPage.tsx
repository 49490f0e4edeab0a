/** `/staff/:employeeId/kpis`: one clerk's KPIs for their managers (and for the clerk themself). */
import { A, useParams } from '@solidjs/router';
import { t } from '../../../i18n.ts';
import { ClerkKpis } from './ClerkKpis.tsx';

export default function ClerkKpisPage() {
  const params = useParams<{ employeeId: string }>();
  return (
    <section class="kpi-views kpi-clerk">
      <p class="crumbs">
        <A href={`/staff/${encodeURIComponent(params.employeeId)}`}>{t('kpiViews.clerk.record')}</A>
      </p>
      <ClerkKpis employeeId={params.employeeId} self={false} />
    </section>
  );
}
