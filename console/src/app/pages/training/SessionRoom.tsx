/** Placeholder: built next (see git log). */
export default function SessionRoomPage() {
  return null;
}
