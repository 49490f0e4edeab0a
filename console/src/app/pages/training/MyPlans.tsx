/** Placeholder: a clerk's plan, built next (see git log). */
export function MyPlans() {
  return null;
}
