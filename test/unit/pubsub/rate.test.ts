import * as assert from 'node:assert/strict';
import { RateCounter } from '../../../src/core/pubsub/rate';

describe('RateCounter', () => {
  let now = 0;
  const clock = () => now;

  beforeEach(() => {
    now = 1_000_000;
  });

  it('is 0 before any event', () => {
    assert.equal(new RateCounter({ now: clock }).perSecond(), 0);
  });

  it('reads a steady 100 events/s as 100/s once the 5 s window has filled', () => {
    const r = new RateCounter({ now: clock });
    for (let ms = 0; ms < 8000; ms += 10) {
      r.add();
      now += 10;
    }
    assert.ok(Math.abs(r.perSecond() - 100) < 3, `rate ${r.perSecond()}`);
    assert.equal(r.total, 800);
  });

  it('reacts to a burst within a second, before the window has filled', () => {
    const r = new RateCounter({ now: clock });
    now += 500;
    r.add(5000);
    now += 500;
    // 5000 events within the first second: 5000/s, not 5000/5.
    assert.equal(r.perSecond(), 5000);
  });

  it('counts a single event as 1/s, not as a spike', () => {
    const r = new RateCounter({ now: clock });
    r.add();
    assert.equal(r.perSecond(), 1);
  });

  it('falls as the window slides past a burst, and to 0 after the window', () => {
    const r = new RateCounter({ now: clock });
    for (let s = 0; s < 5; s++) {
      r.add(1000);
      now += 1000;
    }
    const full = r.perSecond();
    assert.ok(Math.abs(full - 1000) < 1, `rate ${full}`);
    now += 2500;
    const later = r.perSecond();
    assert.ok(later < full && later > 0, `rate ${later} after 2.5 s of silence`);
    now += 5000;
    assert.equal(r.perSecond(), 0);
  });

  it('reset forgets everything', () => {
    const r = new RateCounter({ now: clock });
    r.add(10);
    r.reset();
    assert.equal(r.perSecond(), 0);
    assert.equal(r.total, 0);
  });
});
