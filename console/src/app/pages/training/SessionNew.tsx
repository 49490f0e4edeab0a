/** Placeholder: built next (see git log). */
export default function SessionNewPage() {
  return null;
}
