/** Placeholder: built next (see git log). */
export default function AttemptPage() {
  return null;
}
