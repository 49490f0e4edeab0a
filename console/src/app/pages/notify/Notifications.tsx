/**
 * Notifications: my contact details and subscriptions (everyone), the delivery log (what each may see),
 * routing rules (alert editors), channels (administrators). Loaded on first visit.
 */
import { A, useParams } from '@solidjs/router';
import { For, Match, Show, Switch } from 'solid-js';
import { NotFound, Refused } from '../../components/States.tsx';
import { t, type ConsoleKey } from '../../i18n.ts';
import { can, session } from '../../session.ts';
import { ChannelsSection } from './Channels.tsx';
import { DeliveryLogSection } from './DeliveryLog.tsx';
import { MySection } from './Mine.tsx';
import { RulesSection } from './Rules.tsx';

const RULE_EDITORS = ['administrator', 'region_manager', 'hall_manager'] as const;

export default function NotificationsPage() {
  const params = useParams<{ section?: string }>();
  const section = () => params.section ?? 'me';
  const { me } = session();
  const sections = (): Array<{ id: string; label: ConsoleKey }> => [
    { id: 'me', label: 'notify.me' },
    { id: 'log', label: 'notify.log' },
    ...(can(me(), RULE_EDITORS) ? [{ id: 'rules', label: 'notify.rules' as const }] : []),
    ...(can(me(), ['administrator']) ? [{ id: 'channels', label: 'notify.channels' as const }] : []),
  ];
  return (
    <section>
      <h1>{t('notify.title')}</h1>
      <nav class="subnav" aria-label={t('notify.title')}>
        <For each={sections()}>
          {(s) => (
            <A href={`/notifications/${s.id}`} aria-current={section() === s.id ? 'page' : undefined}>
              {t(s.label)}
            </A>
          )}
        </For>
      </nav>
      <Switch fallback={<NotFound what="state.noSuchPage" />}>
        <Match when={section() === 'me'}>
          <MySection />
        </Match>
        <Match when={section() === 'log'}>
          <DeliveryLogSection />
        </Match>
        <Match when={section() === 'rules'}>
          <Show when={can(me(), RULE_EDITORS)} fallback={<Refused what="state.refusedNotify" />}>
            <RulesSection />
          </Show>
        </Match>
        <Match when={section() === 'channels'}>
          <Show when={can(me(), ['administrator'])} fallback={<Refused what="state.refusedNotify" />}>
            <ChannelsSection />
          </Show>
        </Match>
      </Switch>
    </section>
  );
}

export const SEVERITIES = ['warning', 'minor', 'major', 'critical'] as const;
export const severityName = (s: string) => t(`notify.sev.${s}` as ConsoleKey);
