/**
 * What the rating pad shows, as a small state machine: idle → asking (a prompt arrived) → thanks (a
 * score was sent) → idle again after a few seconds; an unanswered prompt also goes back to idle at its
 * timeout, so the next customer never sees the previous one's question.
 */
export interface Prompt {
  reqId: string;
  ticketNo: string;
  counterId: string;
  staffId: string;
  staffName?: string;
  timeoutSec: number;
}

export type PadView =
  | { kind: 'idle' }
  | { kind: 'asking'; prompt: Prompt; until: number }
  | { kind: 'thanks'; until: number; reqId: string };

export const THANKS_MS = 4_000;

/** A prompt: ask it — unless it is the one just answered (the hub sends a pending prompt again on reconnect). */
export function onPrompt(view: PadView, prompt: Prompt, now: number): PadView {
  if (view.kind === 'thanks' && view.reqId === prompt.reqId) return view;
  return { kind: 'asking', prompt, until: now + prompt.timeoutSec * 1000 };
}

export function onAnswered(view: PadView, now: number): PadView {
  return view.kind === 'asking' ? { kind: 'thanks', until: now + THANKS_MS, reqId: view.prompt.reqId } : view;
}

/** Where the view goes when its time is up (idle), or itself while it lasts. */
export function onTick(view: PadView, now: number): PadView {
  return view.kind !== 'idle' && now >= view.until ? { kind: 'idle' } : view;
}
