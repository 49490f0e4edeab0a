/** Placeholder: built next (see git log). */
export default function SessionPage() {
  return null;
}
