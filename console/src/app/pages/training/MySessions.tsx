/** Placeholder: a clerk's sessions, built next (see git log). */
export function MySessions() {
  return null;
}
