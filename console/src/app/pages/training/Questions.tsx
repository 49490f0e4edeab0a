/** Placeholder: built next (see git log). */
export default function QuestionsPage() {
  return null;
}
