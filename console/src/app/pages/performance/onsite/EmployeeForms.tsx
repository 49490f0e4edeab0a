/**
 * An employee's on-site forms (/staff/:employeeId/onsite): for the hall's managers, and for the clerk
 * themself (phone first) — each with the checklist, the score and whether a critical item failed.
 */
import { A, useParams } from '@solidjs/router';
import { createResource, For, Show } from 'solid-js';
import { api } from '../../../api.ts';
import { Loaded } from '../../../components/States.tsx';
import { dataLang, dateTime } from '../../../format.ts';
import { t } from '../../../i18n.ts';
import { scoreShare, templateName } from './onsite-text.ts';
import './onsite.css';

export default function EmployeeFormsPage() {
  const params = useParams<{ employeeId: string }>();
  const [data, { refetch }] = createResource(
    () => params.employeeId,
    (employeeId) => api.onsite.employeeForms.query({ employeeId }),
  );
  return (
    <section class="onsite-page">
      <Loaded of={data} retry={() => void refetch()} refused="onsite.refused" notFound="onsite.employee.notFound">
        {(d) => (
          <>
            <h1>
              {t('onsite.employee.title')} · <span lang={dataLang(d().employee.name)}>{d().employee.name}</span>
            </h1>
            <Show when={d().forms.length > 0} fallback={<p class="state empty">{t('onsite.employee.empty')}</p>}>
              <ul class="form-list">
                <For each={d().forms}>
                  {(f) => (
                    <li data-form={f.formId}>
                      <A href={`/staff/${params.employeeId}/onsite/${f.formId}`}>
                        <span class="who">
                          <strong>{templateName(f)}</strong>
                          <span class="muted">
                            <span lang={dataLang(f.hallName)}>{f.hallName}</span>
                            {' · '}
                            {dateTime(f.at, { timeZone: f.timeZone })}
                          </span>
                        </span>
                        <span class="score">{scoreShare(f)}</span>
                        <Show when={f.criticalFailed}>
                          <span class="badge critical">{t('onsite.criticalFailed')}</span>
                        </Show>
                      </A>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          </>
        )}
      </Loaded>
    </section>
  );
}
