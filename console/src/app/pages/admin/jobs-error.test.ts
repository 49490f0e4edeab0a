import { afterEach, describe, expect, it } from 'vitest';
import { setLang } from '../../i18n.ts';
import { errorText } from './Jobs.tsx';

afterEach(() => setLang('zh-CN'));

describe('a job’s error in words', () => {
  it('says the runner’s codes and the modules’ detail codes in the reader’s language, and names any other', () => {
    expect(errorText('worker-crashed')).not.toContain('worker-crashed');
    // A report job for a hall that was removed: the platform's sentence, not the code.
    expect(errorText('hall-not-found')).toBe('没有这个营业厅');
    setLang('en');
    expect(errorText('hall-not-found')).toBe('There is no such hall');
    expect(errorText('some-new-code')).toContain('some-new-code');
    expect(errorText(null)).toBe('');
  });
});
