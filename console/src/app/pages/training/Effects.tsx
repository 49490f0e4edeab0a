/** Placeholder: built next (see git log). */
export default function EffectsPage() {
  return null;
}
