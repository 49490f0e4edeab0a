/** Placeholder: built next (see git log). */
export default function ExamPage() {
  return null;
}
