/** Placeholder: built next (see git log). */
export default function SessionsPage() {
  return null;
}
