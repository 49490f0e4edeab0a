/** Placeholder: built next (see git log). */
export default function ExamsPage() {
  return null;
}
