/** Placeholder: a clerk's exams, built next (see git log). */
export function MyExams() {
  return null;
}
