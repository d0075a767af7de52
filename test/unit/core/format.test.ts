import assert from 'node:assert/strict';
import { relativeTime, setDisplayLocale, timeText, whenText } from '../../../src/core/format';
import { problemsSource } from '../../../src/core/problemsSource';

const NOW = Date.UTC(2026, 11, 2, 12, 0, 0);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('format', () => {
  afterEach(() => setDisplayLocale('en'));

  describe('relativeTime', () => {
    it('says past times in the largest whole unit', () => {
      assert.equal(relativeTime(NOW - 30_000, NOW), 'just now');
      assert.equal(relativeTime(NOW - MINUTE, NOW), '1 minute ago');
      assert.equal(relativeTime(NOW - 2 * HOUR - 59 * MINUTE, NOW), '2 hours ago');
      assert.equal(relativeTime(NOW - 3 * DAY, NOW), '3 days ago');
      assert.equal(relativeTime(NOW - 8 * DAY, NOW), '1 week ago');
      assert.equal(relativeTime(NOW - 400 * DAY, NOW), '1 year ago');
    });

    it('says future times ahead, but a server clock a little ahead of ours reads "just now"', () => {
      assert.equal(relativeTime(NOW + 3 * HOUR, NOW), 'in 3 hours');
      assert.equal(relativeTime(NOW + 90_000, NOW), 'just now', 'clock skew of 90 s');
      assert.equal(relativeTime(NOW + 5 * MINUTE, NOW), 'in 5 minutes');
    });

    it('speaks the display locale, and falls back to English for a tag it does not know', () => {
      setDisplayLocale('de');
      assert.equal(relativeTime(NOW - 3 * DAY, NOW), 'vor 3 Tagen');
      assert.equal(relativeTime(NOW + 2 * HOUR, NOW), 'in 2 Stunden');
      assert.equal(relativeTime(NOW - 10_000, NOW), 'jetzt');
      setDisplayLocale('fr');
      assert.equal(relativeTime(NOW - HOUR, NOW), 'il y a 1 heure');
      setDisplayLocale('en-GB');
      assert.equal(relativeTime(NOW - HOUR, NOW), '1 hour ago');
      setDisplayLocale('not a tag!');
      assert.equal(relativeTime(NOW - HOUR, NOW), '1 hour ago');
    });

    it('says "unknown time" for a timestamp that is not a number', () => {
      assert.equal(relativeTime(Number.NaN, NOW), 'unknown time');
    });
  });

  it('whenText gives the relative time with the exact local time', () => {
    const at = NOW - 2 * HOUR;
    assert.equal(whenText(at, NOW), `2 hours ago (${timeText(at, NOW)})`);
    assert.match(timeText(at, NOW), /^\d\d:\d\d$/, 'today: the time alone');
    assert.match(timeText(NOW - 3 * DAY, NOW), /^Nov 29, \d\d:\d\d$/, 'another day: the date too');
  });

  it('problemsSource reads like VS Code sources, without doubled words', () => {
    assert.equal(problemsSource('incident'), 'DevOps: incident');
    assert.equal(problemsSource('Alertmanager prod'), 'DevOps: Alertmanager prod');
    assert.equal(problemsSource('Alertmanager alertmanager'), 'DevOps: Alertmanager');
    assert.equal(problemsSource('DevOps'), 'DevOps');
    assert.equal(problemsSource('  eslint, vitest '), 'DevOps: eslint, vitest');
  });
});
