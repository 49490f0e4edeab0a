import { render } from '@solidjs/testing-library';
import { describe, expect, it } from 'vitest';
import { setLang } from '../../i18n.ts';
import { fileSize, Marked, skillsOf, WithData } from './training-text.tsx';

describe('the training pages’ words', () => {
  it('marks the hits as text: a document’s markup is shown, never run', () => {
    const { container } = render(() => (
      <p>
        <Marked
          pieces={[
            { text: '营业厅', hit: false },
            { text: '宣传', hit: true },
            { text: '<img src=x onerror=alert(1)>海报', hit: true },
          ]}
        />
      </p>
    ));
    expect([...container.querySelectorAll('mark')].map((m) => m.textContent)).toEqual([
      '宣传',
      '<img src=x onerror=alert(1)>海报',
    ]);
    expect(container.querySelector('img')).toBeNull();
    expect(container.textContent).toBe('营业厅宣传<img src=x onerror=alert(1)>海报');
  });

  it('splits skills typed in one line at commas and 、, each once', () => {
    expect(skillsOf(' 开户、话费查询, 开户，宽带 ;; ')).toEqual(['开户', '话费查询', '宽带']);
    expect(skillsOf('')).toEqual([]);
  });

  it('says a query in its own language inside a sentence of the other', () => {
    setLang('en');
    const { container } = render(() => <WithData say={(q) => `Nothing found for “${q}”.`} data="量子纠缠" />);
    expect(container.textContent).toBe('Nothing found for “量子纠缠”.');
    expect(container.querySelector('span')?.getAttribute('lang')).toBe('zh-CN');
    setLang('zh-CN');
  });

  it('says sizes in KB under a megabyte, in MB above', () => {
    setLang('zh-CN');
    expect(fileSize(300)).toBe('1 KB');
    expect(fileSize(38 * 1024)).toBe('38 KB');
    expect(fileSize(1.45 * 1024 * 1024)).toBe('1.5 MB');
    expect(fileSize(29 * 1024 * 1024)).toBe('29 MB');
  });
});
