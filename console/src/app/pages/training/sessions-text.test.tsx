import { render } from '@solidjs/testing-library';
import { encode } from 'uqr';
import { describe, expect, it } from 'vitest';
import { setLang } from '../../i18n.ts';
import { darkRuns, QrCode } from './Qr.tsx';
import { editableUnits, phaseOf, spanText, wallClock, zonedInstant } from './sessions-text.tsx';

describe('the session pages’ times and codes', () => {
  it('reads the form’s date and 时:分 on the hall’s clocks, also on the days clocks change', () => {
    expect(new Date(zonedInstant('2026-12-03', '09:30', 'Asia/Shanghai') ?? 0).toISOString()).toBe(
      '2026-12-03T01:30:00.000Z',
    );
    expect(new Date(zonedInstant('2026-12-03', '09:30', 'Asia/Urumqi') ?? 0).toISOString()).toBe(
      '2026-12-03T03:30:00.000Z',
    );
    // Berlin: summer time begins on 29 March 2026 (02:00 → 03:00) and ends on 25 October.
    expect(new Date(zonedInstant('2026-03-29', '09:00', 'Europe/Berlin') ?? 0).toISOString()).toBe(
      '2026-03-29T07:00:00.000Z',
    );
    expect(new Date(zonedInstant('2026-10-25', '09:00', 'Europe/Berlin') ?? 0).toISOString()).toBe(
      '2026-10-25T08:00:00.000Z',
    );
    expect(zonedInstant('', '09:00', 'Asia/Shanghai')).toBeNull();
    expect(zonedInstant('2026-12-03', '', 'Asia/Shanghai')).toBeNull();
    expect(wallClock(Date.parse('2026-12-02T17:30:00Z'), 'Asia/Shanghai')).toEqual({
      date: '2026-12-03',
      time: '01:30',
    });
  });

  it('says a session’s time as its day and 时:分–时:分 in its hall’s zone', () => {
    setLang('zh-CN');
    const start = '2026-12-03T01:30:00Z';
    const end = '2026-12-03T03:00:00Z';
    expect(spanText(start, end, 'Asia/Shanghai')).toMatch(/^(2026年)?12月3日 周四 09:30–11:00$/);
    expect(spanText(start, end, 'Asia/Urumqi')).toMatch(/^(2026年)?12月3日 周四 07:30–09:00$/);
    setLang('en');
    expect(spanText(start, end, 'Asia/Shanghai')).toMatch(/^Thu, Dec 3(, 2026)? 09:30–11:00$/);
    setLang('zh-CN');
  });

  it('knows a session cancelled, to come, under way, over', () => {
    const s = { status: 'scheduled', startsAt: '2026-12-03T01:30:00Z', endsAt: '2026-12-03T03:00:00Z' };
    expect(phaseOf(s, Date.parse('2026-12-03T01:00:00Z'))).toBe('upcoming');
    expect(phaseOf(s, Date.parse('2026-12-03T02:00:00Z'))).toBe('live');
    expect(phaseOf(s, Date.parse('2026-12-03T03:00:00Z'))).toBe('ended');
    expect(phaseOf({ ...s, status: 'cancelled' }, Date.parse('2026-12-03T02:00:00Z'))).toBe('cancelled');
  });

  it('finds the units a trainer schedules for: their grant’s unit and those under it', () => {
    const units = [
      { id: 'hq', parentId: null, hallId: null, name: '总部', kind: 'hq' },
      { id: 'south', parentId: 'hq', hallId: null, name: '华南区', kind: 'region' },
      { id: 'hall-NS', parentId: 'south', hallId: 'NS', name: '南山营业厅', kind: 'hall' },
      { id: 'north', parentId: 'hq', hallId: null, name: '华北区', kind: 'region' },
    ] as unknown as Parameters<typeof editableUnits>[1];
    const me = {
      grants: [
        { role: 'trainer', orgUnitId: 'south' },
        { role: 'hall_manager', orgUnitId: 'north' },
      ],
    } as unknown as Parameters<typeof editableUnits>[0];
    expect(editableUnits(me, units).map((u) => u.id)).toEqual(['south', 'hall-NS']);
  });

  it('draws the QR matrix as rects of its dark runs, nothing else', () => {
    const text = 'https://hall.example.com/training/checkin?s=12&c=AbCd_-12';
    const qr = encode(text, { ecc: 'M', border: 2 });
    const dark = qr.data.flat().filter(Boolean).length;
    expect(darkRuns(qr.data).reduce((n, r) => n + r.w, 0)).toBe(dark);
    expect(darkRuns([[true, true, false, true]])).toEqual([
      { x: 0, y: 0, w: 2 },
      { x: 3, y: 0, w: 1 },
    ]);
    const { container } = render(() => <QrCode text={text} label="签到二维码" />);
    const svg = container.querySelector('svg') as SVGSVGElement;
    expect(svg.getAttribute('viewBox')).toBe(`0 0 ${qr.size} ${qr.size}`);
    expect(svg.getAttribute('aria-label')).toBe('签到二维码');
    const rects = [...svg.querySelectorAll('rect')].slice(1);
    expect(rects.reduce((n, r) => n + Number(r.getAttribute('width')), 0)).toBe(dark);
    expect(svg.querySelectorAll(':not(rect)').length).toBe(0);
  });
});
