/**
 * 新建资料 (/training/new) and a new version of a material (/training/new?of=<id>, prefilled from it):
 * the form (MaterialForm.tsx) with the units the user sees (default: their top unit, or the unit that
 * keeps the material) and the business types by name; after saving, the material's page. For those who
 * edit the library (trainers, administrators); anyone else is told so instead of a form they could not
 * save. A version already replaced cannot take another: said, with a link to the newest.
 */
import { A, useNavigate, useSearchParams } from '@solidjs/router';
import { createResource, Show } from 'solid-js';
import { api } from '../../api.ts';
import { Loaded, Refused } from '../../components/States.tsx';
import { count, dataLang } from '../../format.ts';
import { t } from '../../i18n.ts';
import { can, session } from '../../session.ts';
import { topUnit } from '../inventory/more-text.tsx';
import { MaterialForm } from './MaterialForm.tsx';
import { TRAINING_EDIT_ROLES } from './training-text.tsx';
import './training.css';

export default function NewMaterialPage() {
  const [search] = useSearchParams<{ of?: string }>();
  const navigate = useNavigate();
  const of = () => (search.of && /^\d{1,10}$/.test(search.of) ? Number(search.of) : null);
  const mayEdit = () => can(session().me(), TRAINING_EDIT_ROLES);
  const [data, { refetch }] = createResource(
    () => (mayEdit() ? { of: of() } : null),
    async ({ of }) => {
      const [units, info, from] = await Promise.all([
        api.org.tree.query(),
        api.training.libraryInfo.query(),
        of === null ? Promise.resolve(null) : api.training.material.query({ id: of }),
      ]);
      return { units, info, from };
    },
  );
  const back = () => (of() === null ? '/training' : `/training/materials/${of()}`);
  return (
    <section class="training new-material">
      <p class="back">
        <A href={back()}>{of() === null ? t('training.material.back') : t('training.form.backToMaterial')}</A>
      </p>
      <Show when={mayEdit()} fallback={<Refused what="training.editRefused" />}>
        <Loaded of={data} retry={() => void refetch()} refused="training.editRefused" notFound="training.notFound">
          {(v) => (
            <Show when={!v().from || v().from?.canEdit} fallback={<Refused what="training.editRefused" />}>
              <h1>
                {v().from
                  ? t('training.form.versionTitle', { n: count((v().from?.version ?? 0) + 1) })
                  : t('training.form.newTitle')}
              </h1>
              <Show when={v().from}>
                {(f) => (
                  <p class="replaces">
                    {t('training.form.versionOf')}
                    <A href={`/training/materials/${f().id}`} lang={dataLang(f().title)}>
                      {f().title}
                    </A>{' '}
                    <span class="muted">{t('training.version', { n: count(f().version) })}</span>
                  </p>
                )}
              </Show>
              <Show
                when={v().from?.supersededBy ?? null}
                fallback={
                  <MaterialForm
                    from={v().from}
                    units={v().units}
                    defaultUnit={topUnit(v().units) ?? ''}
                    info={v().info}
                    onSaved={(id) => navigate(`/training/materials/${id}`)}
                    onCancel={() => navigate(back())}
                  />
                }
              >
                {(newer) => (
                  <p class="error" role="alert">
                    {t('error.detail.training-material-superseded', { version: count(v().from?.version ?? 0) })}{' '}
                    <A href={`/training/materials/${newer()}`}>
                      {t('training.material.seeVersion', {
                        n: count(v().from?.versions.find((x) => x.id === newer())?.version ?? 0),
                      })}
                    </A>
                  </p>
                )}
              </Show>
            </Show>
          )}
        </Loaded>
      </Show>
    </section>
  );
}
