import { describe, expect, it } from 'vitest';
import { applyForm } from './AlertRules.tsx';

describe('alert rules form', () => {
  it('writes the edited thresholds and keeps what the form does not show', () => {
    const alerts = {
      clearRatio: 0.8,
      raiseAfterSec: 30,
      clearAfterSec: 60,
      notifyPerMinute: 6,
      longWait: {
        warningMinutes: 15,
        criticalMinutes: 25,
        perService: { sim: { warningMinutes: 5, criticalMinutes: 8 } },
      },
      queuePerCounter: { threshold: 8 },
      occupancy: { warningShare: 0.8, criticalShare: 0.95 },
      arrivalSurge: { factor: 1.5, minArrivals: 10 },
      schedule: [{ from: '09:00', to: '12:00', counters: 4 }],
      lowRating: { streak: 3, maxScore: 2 },
      idleCounter: { minutes: 3 },
      deviceOffline: { minutes: 2 },
      outboxBacklog: { maxRows: 10_000, maxAgeMinutes: 30 },
    };
    const form = new FormData();
    form.set('longWait.warningMinutes', '20');
    form.set('raiseAfterSec', '0');
    form.set('occupancy.criticalShare', '');
    const next = applyForm(alerts as never, form) as typeof alerts;
    expect(next.longWait).toEqual({
      warningMinutes: 20,
      criticalMinutes: 25,
      perService: { sim: { warningMinutes: 5, criticalMinutes: 8 } },
    });
    expect(next.raiseAfterSec).toBe(0);
    expect(next.occupancy.criticalShare).toBe(0.95);
    expect(next.schedule).toEqual(alerts.schedule);
    // The original is untouched (the page keeps showing it until the save succeeds).
    expect(alerts.longWait.warningMinutes).toBe(15);
  });
});
