/** Placeholder: built next (see git log). */
export default function SuggestionsPage() {
  return null;
}
