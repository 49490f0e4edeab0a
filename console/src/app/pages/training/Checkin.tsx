/** Placeholder: built next (see git log). */
export default function CheckinPage() {
  return null;
}
