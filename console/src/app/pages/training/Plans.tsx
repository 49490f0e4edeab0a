/** Placeholder: built next (see git log). */
export default function PlansPage() {
  return null;
}
