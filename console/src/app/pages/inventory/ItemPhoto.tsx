/**
 * A material's photo from the catalogue, as a thumbnail beside its name (the catalogue, the request form,
 * a transfer's lines and its receipt: what to look for on the shelf and in the parcel). Without a photo,
 * or when it cannot be loaded, a quiet tile with the name's first character takes its place, so rows stay
 * aligned and nothing looks broken (drawn by CSS: the character is no text of the row, for a screen
 * reader, a copy or a test reading the row).
 */
import { createSignal, Show, type JSX } from 'solid-js';
import { blobUrl } from '../performance/onsite/photos.ts';
import { Name, named } from './more-text.tsx';
import './item-photo.css';

export function ItemPhoto(props: {
  item: { photo?: string | null; nameZh: string; nameEn: string };
  size?: 'small' | 'large';
  /** Open the full photo in a new tab when clicked. */
  link?: boolean;
}) {
  const [broken, setBroken] = createSignal<string | null>(null);
  const photo = () => (props.item.photo && props.item.photo !== broken() ? props.item.photo : null);
  const cls = () => `item-photo ${props.size ?? 'small'}`;
  return (
    <Show
      when={photo()}
      fallback={
        <span class={`${cls()} none`} aria-hidden="true" data-initial={Array.from(named(props.item))[0] ?? ''} />
      }
    >
      {(sha) => {
        const img = (
          <img
            class={cls()}
            src={blobUrl(sha())}
            alt={named(props.item)}
            loading="lazy"
            decoding="async"
            onError={() => setBroken(sha())}
          />
        );
        return props.link ? (
          <a href={blobUrl(sha())} target="_blank" rel="noopener" class="item-photo-link">
            {img}
          </a>
        ) : (
          img
        );
      }}
    </Show>
  );
}

/** A material in a list with a stepper (request, decision, shipment, receipt): photo, name, a detail line. */
export function PickName(props: {
  item: { photo?: string | null; nameZh: string; nameEn: string };
  detail: JSX.Element;
  badge?: JSX.Element;
}) {
  return (
    <div class="with-photo">
      <ItemPhoto item={props.item} />
      <div class="pick-name">
        <strong>
          <Name text={named(props.item)} />
        </strong>
        {props.badge}
        <span class="muted pick-detail">{props.detail}</span>
      </div>
    </div>
  );
}
