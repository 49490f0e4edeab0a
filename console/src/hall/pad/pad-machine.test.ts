import { describe, expect, it } from 'vitest';
import { onAnswered, onPrompt, onTick, THANKS_MS, type PadView } from './pad-machine.ts';

const prompt = { reqId: 'r1', ticketNo: 'A001', counterId: 'C01', staffId: 'E1', staffName: '王芳', timeoutSec: 30 };

describe('rating pad', () => {
  it('asks on a prompt, thanks after the answer, and resets itself', () => {
    let view: PadView = { kind: 'idle' };
    view = onPrompt(view, prompt, 0);
    expect(view).toMatchObject({ kind: 'asking', prompt: { ticketNo: 'A001' } });
    view = onAnswered(view, 5_000);
    expect(view.kind).toBe('thanks');
    expect(onTick(view, 5_000 + THANKS_MS - 1).kind).toBe('thanks');
    expect(onTick(view, 5_000 + THANKS_MS).kind).toBe('idle');
  });

  it('does not ask again the prompt it just thanked for when the hub sends it again on reconnect', () => {
    const thanks = onAnswered(onPrompt({ kind: 'idle' }, prompt, 0), 1_000);
    expect(onPrompt(thanks, prompt, 1_500).kind).toBe('thanks');
    expect(onPrompt(thanks, { ...prompt, reqId: 'r2' }, 1_500).kind).toBe('asking');
  });

  it('drops an unanswered question at its timeout, and a new prompt replaces an old one', () => {
    const asking = onPrompt({ kind: 'idle' }, prompt, 0);
    expect(onTick(asking, 29_999).kind).toBe('asking');
    expect(onTick(asking, 30_000).kind).toBe('idle');
    expect(onPrompt(asking, { ...prompt, reqId: 'r2', ticketNo: 'A002' }, 10)).toMatchObject({
      prompt: { ticketNo: 'A002' },
    });
    // An answer with nothing asked changes nothing.
    expect(onAnswered({ kind: 'idle' }, 0)).toEqual({ kind: 'idle' });
  });
});
