/** Placeholder: built next (see git log). */
export default function ExamNewPage() {
  return null;
}
