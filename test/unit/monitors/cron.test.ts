import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextCronTime, parseCron } from '../../../src/core/monitoring';

/** A local time, as cron reads it. */
const at = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0): Date => new Date(y, mo - 1, d, h, mi, s);
const local = (date: Date): string =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')} ${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;

/** The next `count` times after `from`, each strictly after the one before. */
function times(expr: string, from: Date, count: number): string[] {
  const out: string[] = [];
  let t = from;
  for (let i = 0; i < count; i++) {
    t = nextCronTime(expr, t);
    out.push(local(t));
  }
  return out;
}

describe('cron expressions', () => {
  it('steps every 15 minutes, strictly after the given time and on whole minutes', () => {
    assert.deepEqual(times('*/15 * * * *', at(2026, 3, 10, 9, 7, 30), 4), ['2026-03-10 09:15', '2026-03-10 09:30', '2026-03-10 09:45', '2026-03-10 10:00']);
    assert.equal(local(nextCronTime('*/15 * * * *', at(2026, 3, 10, 9, 15))), '2026-03-10 09:30', 'a matching start time is not returned again');
    assert.equal(local(nextCronTime('* * * * *', at(2026, 3, 10, 9, 15, 59))), '2026-03-10 09:16');
  });

  it('reads lists, ranges and stepped ranges', () => {
    const cron = parseCron('0,30 9-17/4 1-10/3 * *');
    assert.deepEqual([...cron.minutes], [0, 30]);
    assert.deepEqual([...cron.hours], [9, 13, 17]);
    assert.deepEqual([...cron.daysOfMonth], [1, 4, 7, 10]);
    assert.deepEqual([...parseCron('5/20 * * * *').minutes], [5, 25, 45], 'a value with a step runs to the end of the field');
    assert.deepEqual(times('0,30 9-17/4 1-10/3 * *', at(2026, 3, 10, 17, 0), 3), ['2026-03-10 17:30', '2026-04-01 09:00', '2026-04-01 09:30']);
  });

  it('reads month and weekday names in any case, and 7 as Sunday', () => {
    const cron = parseCron('0 0 * JAN-mar,Dec sun,Wed');
    assert.deepEqual([...cron.months], [1, 2, 3, 12]);
    assert.deepEqual([...cron.daysOfWeek].sort(), [0, 3]);
    assert.deepEqual([...parseCron('0 0 * * 5-7').daysOfWeek].sort(), [0, 5, 6]);
    // 2026-03-10 is a Tuesday.
    assert.deepEqual(times('30 8 * * 7', at(2026, 3, 10), 2), ['2026-03-15 08:30', '2026-03-22 08:30']);
    assert.deepEqual(times('0 12 * * mon-fri', at(2026, 3, 13, 12, 0), 2), ['2026-03-16 12:00', '2026-03-17 12:00'], 'Friday noon → Monday, Tuesday');
  });

  it('runs on either day field when both are restricted (Vixie), on both when one starts with *', () => {
    // The 13th, or any Friday.
    assert.deepEqual(times('0 0 13 * fri', at(2026, 3, 1), 4), ['2026-03-06 00:00', '2026-03-13 00:00', '2026-03-20 00:00', '2026-03-27 00:00']);
    assert.deepEqual(times('0 0 13 * fri', at(2026, 3, 28), 2), ['2026-04-03 00:00', '2026-04-10 00:00']);
    assert.deepEqual(times('0 0 14 * fri', at(2026, 4, 10), 2), ['2026-04-14 00:00', '2026-04-17 00:00'], 'the 14th is a Tuesday, then Friday again');
    // "*/2" counts as unrestricted: odd days that are also Mondays.
    assert.deepEqual(times('0 0 */2 * mon', at(2026, 3, 1), 2), ['2026-03-09 00:00', '2026-03-23 00:00']);
  });

  it('rolls over months and years, skips short months and finds leap days', () => {
    assert.equal(local(nextCronTime('59 23 31 12 *', at(2026, 12, 31, 23, 59))), '2027-12-31 23:59');
    assert.equal(local(nextCronTime('0 0 1 * *', at(2026, 12, 15))), '2027-01-01 00:00');
    assert.deepEqual(times('0 6 31 * *', at(2026, 1, 31, 7), 3), ['2026-03-31 06:00', '2026-05-31 06:00', '2026-07-31 06:00']);
    assert.deepEqual(times('0 0 29 2 *', at(2025, 1, 1), 2), ['2028-02-29 00:00', '2032-02-29 00:00']);
    assert.equal(local(nextCronTime('0 0 29 feb *', at(2096, 3, 1))), '2104-02-29 00:00', '2100 is no leap year');
  });

  it('expands the shorthands', () => {
    const from = at(2026, 3, 10, 9, 7);
    assert.equal(local(nextCronTime('@hourly', from)), '2026-03-10 10:00');
    assert.equal(local(nextCronTime('@daily', from)), '2026-03-11 00:00');
    assert.equal(local(nextCronTime('@midnight', from)), '2026-03-11 00:00');
    assert.equal(local(nextCronTime('@weekly', from)), '2026-03-15 00:00');
    assert.equal(local(nextCronTime('@monthly', from)), '2026-04-01 00:00');
    assert.equal(local(nextCronTime('@YEARLY', from)), '2027-01-01 00:00');
  });

  it('takes a parsed expression as well as its text', () => {
    const cron = parseCron(' 0 3 * * 0 ');
    assert.equal(cron.text, '0 3 * * 0');
    assert.equal(nextCronTime(cron, at(2026, 3, 10)).getTime(), nextCronTime('0 3 * * 0', at(2026, 3, 10)).getTime());
  });

  it('names the field that is wrong', () => {
    const wrong: [string, RegExp][] = [
      ['* * * *', /has 4 fields; cron needs 5: minute hour day-of-month month day-of-week/],
      ['60 * * * *', /minute field "60": 60 is out of range 0-59/],
      ['* 24 * * *', /hour field "24": 24 is out of range 0-23/],
      ['* * 0 * *', /day-of-month field "0": 0 is out of range 1-31/],
      ['* * * 13 *', /month field "13": 13 is out of range 1-12/],
      ['* * * * 8', /day-of-week field "8": 8 is out of range 0-7/],
      ['* * * foo *', /month field "foo": "foo" is not a number or a name \(jan, feb/],
      ['*/0 * * * *', /minute field "\*\/0": the step in "\*\/0" must be a positive whole number/],
      ['* 5-2 * * *', /hour field "5-2": the range "5-2" runs backwards/],
      ['1,,2 * * * *', /minute field "1,,2": an empty item/],
      ['* * * * 1-2-3', /day-of-week field "1-2-3": "1-2-3" is not a value or a range/],
      ['@fortnightly', /unknown shorthand "@fortnightly"/],
      ['0 0 30 feb *', /never runs: no chosen month has day 30/],
    ];
    for (const [expr, message] of wrong) assert.throws(() => parseCron(expr), message, expr);
  });

  it('keeps local wall-clock times across a daylight-saving change', () => {
    const saved = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      // 2026-03-08 02:00 does not exist in New York; 02:30 daily skips that day, 09:00 daily keeps its hour.
      assert.deepEqual(times('30 2 * * *', at(2026, 3, 7, 3), 2), ['2026-03-09 02:30', '2026-03-10 02:30']);
      assert.deepEqual(times('0 9 * * *', at(2026, 3, 7, 10), 2), ['2026-03-08 09:00', '2026-03-09 09:00']);
      assert.equal(nextCronTime('0 9 * * *', at(2026, 3, 8, 9)).getTime() - at(2026, 3, 8, 9).getTime(), 24 * 3_600_000);
      assert.equal(nextCronTime('0 9 * * *', at(2026, 3, 7, 9)).getTime() - at(2026, 3, 7, 9).getTime(), 23 * 3_600_000);
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});
