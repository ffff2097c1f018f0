import { Clock } from './Clock';

test('a clock follows real time until advanced, then runs ahead by what was added', () => {
  const clock = new Clock();
  const before = Date.now();
  expect(clock.now()).toBeGreaterThanOrEqual(before);
  expect(clock.now()).toBeLessThanOrEqual(Date.now());
  clock.advance(90_000);
  expect(clock.aheadMs).toBe(90_000);
  expect(clock.now() - Date.now()).toBeGreaterThanOrEqual(89_990);
  expect(clock.nowSeconds()).toBe(Math.floor(clock.now() / 1000));
  expect(clock.date().getTime()).toBeGreaterThanOrEqual(before + 90_000);
});

test('a clock never moves backwards', () => {
  const clock = new Clock();
  expect(() => clock.advance(-1)).toThrow(RangeError);
  expect(() => clock.advance(Number.NaN)).toThrow(RangeError);
  expect(clock.aheadMs).toBe(0);
});
