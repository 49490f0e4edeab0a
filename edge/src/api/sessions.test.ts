import { describe, expect, it } from 'vitest';
import { MAX_SESSIONS, Sessions } from './sessions.ts';

describe('in-hall page sessions', () => {
  it('keep at most MAX_SESSIONS: a page signing in again and again pushes out the oldest, not memory', () => {
    const s = new Sessions();
    const first = s.open({ kind: 'onsite', staffId: 'M01', scorer: 'staff:M01' });
    const second = s.open({ kind: 'onsite', staffId: 'M01', scorer: 'staff:M01' });
    let last = '';
    for (let i = 0; i < MAX_SESSIONS - 1; i++) last = s.open({ kind: 'onsite', staffId: 'M01', scorer: 'staff:M01' });
    expect(s.get(first)).toBeNull();
    expect(s.get(second)).toMatchObject({ kind: 'onsite', staffId: 'M01', scorer: 'staff:M01' });
    expect(s.get(last)).toMatchObject({ kind: 'onsite' });
  });
});
