/**
 * How the 人员培训 pages say things: a material's kind and level in words, its file's size and pages,
 * its tags (business types by name, skills: data, each with its own `lang`), a title or an excerpt with
 * the search's hits marked (pieces from the cloud rendered as text in `<mark>`, never as HTML), moments
 * in the halls' time. One place, so the library, a material's page and the form agree.
 */
import { A } from '@solidjs/router';
import { For, Show } from 'solid-js';
import type { Outputs } from '../../api.ts';
import { count, dataLang, decimal } from '../../format.ts';
import { lang, t, type ConsoleKey } from '../../i18n.ts';
import { can, session } from '../../session.ts';
import { HALL_ZONE } from '../inventory/more-text.tsx';

export type Material = Outputs['training']['material'];
export type Found = Outputs['training']['library'];
export type Result = Found['rows'][number];
export type LibraryInfo = Outputs['training']['libraryInfo'];
export type Kind = Material['kind'];
export type Piece = Result['titlePieces'][number];

export const KINDS: readonly Kind[] = ['document', 'video', 'image', 'note'];
export const LEVELS = [1, 2, 3] as const;

/** Who has training view (cloud/src/modules/access/permissions.ts): sessions, exams, plans, suggestions. */
export const TRAINING_VIEW_ROLES = ['administrator', 'region_manager', 'hall_manager', 'trainer'] as const;

/** Who may create and change materials (training edit, cloud/src/modules/access/permissions.ts). */
export const TRAINING_EDIT_ROLES = ['administrator', 'trainer'] as const;

export const kindName = (k: Kind) => t(`training.kind.${k}`);
export const levelName = (n: number) =>
  t(n === 3 ? 'training.level.3' : n === 2 ? 'training.level.2' : 'training.level.1');

/** A file's size as people read it: "320 KB", "1.4 MB". */
export function fileSize(bytes: number): string {
  if (bytes < 1024 * 1024) return t('training.sizeKb', { n: count(Math.max(1, Math.round(bytes / 1024))) });
  const mb = bytes / (1024 * 1024);
  return t('training.sizeMb', { n: decimal(mb, mb < 10 ? 1 : 0) });
}

/** What a result or a material says of its file: pages for a PDF once read, else the size. */
export const extent = (m: { pages: number | null; bytes: number | null }) =>
  m.pages ? t('training.pages', { n: count(m.pages) }) : m.bytes ? fileSize(m.bytes) : null;

/** Text with the search's hits marked (the cloud's pieces, as text). */
export function Marked(props: { pieces: readonly Piece[] }) {
  return <For each={props.pieces}>{(p) => (p.hit ? <mark>{p.text}</mark> : p.text)}</For>;
}

/** The kind as a badge (文档 / 视频 / 图片 / 说明). */
export function KindBadge(props: { kind: Kind }) {
  return (
    <span class={`badge kind kind-${props.kind}`} data-kind={props.kind}>
      {kindName(props.kind)}
    </span>
  );
}

/** Business types by name and skills, as tags (data: each in its own language). */
export function Tags(props: { services: ReadonlyArray<{ id: string; name: string }>; skills: readonly string[] }) {
  return (
    <Show when={props.services.length + props.skills.length > 0}>
      <ul class="tags">
        <For each={props.services}>
          {(s) => (
            <li class="tag service" lang={dataLang(s.name)}>
              {s.name}
            </li>
          )}
        </For>
        <For each={props.skills}>
          {(s) => (
            <li class="tag skill" lang={dataLang(s)}>
              {s}
            </li>
          )}
        </For>
      </ul>
    </Show>
  );
}

/** Where a file's text stands, as a short badge (nothing when there is nothing to say). */
export function ExtractionBadge(props: { extraction: Result['extraction'] }) {
  return (
    <>
      <Show when={props.extraction === 'pending'}>
        <span class="badge warning" data-extraction="pending">
          {t('training.extracting')}
        </span>
      </Show>
      <Show when={props.extraction === 'failed'}>
        <span class="badge offline" data-extraction="failed">
          {t('training.extractFailed')}
        </span>
      </Show>
    </>
  );
}

/** A moment from the cloud (ISO text) with its date and minute, hall-local: "2026年12月1日 11:48". */
export function moment(d: Date | string | null | undefined): string {
  if (d === null || d === undefined) return '—';
  const at = Date.parse(String(d));
  if (Number.isNaN(at)) return '—';
  return new Intl.DateTimeFormat(lang(), {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: HALL_ZONE,
  }).format(at);
}

const SLOT = '\u{E000}';

/**
 * A message with data in it (a query, a file's name): the data in its own language, so a Chinese query
 * in the English console is marked as Chinese (and the other way round).
 */
export function WithData(props: { say: (slot: string) => string; data: string }) {
  const parts = () => props.say(SLOT).split(SLOT);
  return (
    <>
      {parts()[0]}
      <span lang={dataLang(props.data)}>{props.data}</span>
      {parts().slice(1).join('')}
    </>
  );
}

/** Skills typed as one line, split at commas and 、 (the cloud takes at most 20 of 30 characters each). */
export function skillsOf(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,，、;；]/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}

/** The 人员培训 tabs: the library, sessions, the question bank (its trainers'), exams, suggestions from gaps, course effects. */
export function TrainingNav(props: { mayEdit: boolean }) {
  // A clerk (the staff role: the library, not the rest) sees the library and their own training.
  const clerkOnly = () => !can(session().me(), TRAINING_VIEW_ROLES);
  const tabs = (): Array<{ href: string; label: ConsoleKey; end: boolean }> =>
    clerkOnly()
      ? [
          { href: '/training', label: 'training.tab.library', end: true },
          { href: '/me/training', label: 'training.mine.nav', end: true },
        ]
      : [
          { href: '/training', label: 'training.tab.library', end: true },
          { href: '/training/sessions', label: 'training.tab.sessions', end: false },
          ...(props.mayEdit
            ? [{ href: '/training/questions', label: 'training.tab.questions' as ConsoleKey, end: false }]
            : []),
          { href: '/training/exams', label: 'training.tab.exams', end: false },
          { href: '/training/plans', label: 'training.tab.plans', end: false },
          { href: '/training/suggestions', label: 'training.tab.suggestions', end: false },
          { href: '/training/effects', label: 'training.tab.effects', end: false },
        ];
  return (
    <nav class="subnav training-nav" aria-label={t('training.nav')}>
      <For each={tabs()}>
        {(tab) => (
          <A href={tab.href} end={tab.end}>
            {t(tab.label)}
          </A>
        )}
      </For>
    </nav>
  );
}
