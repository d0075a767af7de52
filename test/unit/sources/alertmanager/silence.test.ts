import assert from 'node:assert/strict';
import {
  buildSilence,
  formatMatcher,
  parseDuration,
  parseMatcher,
  prefillMatchers,
  silenceMatches,
  SilenceValidationError,
  validateSilence,
} from '../../../../src/sources/alertmanager/silence';

const NOW = Date.UTC(2026, 10, 22, 12, 0, 0);

describe('Alertmanager silences', () => {
  describe('parseDuration', () => {
    const ok: Array<[string, number]> = [
      ['30m', 30 * 60_000],
      ['2h', 2 * 3600_000],
      ['1d', 86_400_000],
      ['1w', 7 * 86_400_000],
      ['1h30m', 90 * 60_000],
      [' 2H ', 2 * 3600_000],
      ['90s', 90_000],
      ['1d12h', 36 * 3600_000],
    ];
    for (const [text, ms] of ok) {
      it(`${JSON.stringify(text)} is ${ms} ms`, () => assert.equal(parseDuration(text), ms));
    }
    for (const text of ['', '0m', '2', 'h', '30m1h', '-1h', '1.5h', 'soon', '9999999h']) {
      it(`${JSON.stringify(text)} is not a duration`, () => assert.equal(parseDuration(text), undefined));
    }
  });

  describe('prefillMatchers', () => {
    it('makes one equality matcher per label, alertname first, minus the excluded ones', () => {
      const matchers = prefillMatchers({ severity: 'critical', instance: 'a:1', alertname: 'X', job: 'api' }, ['instance']);
      assert.deepEqual(matchers, [
        { name: 'alertname', value: 'X', isRegex: false, isEqual: true },
        { name: 'job', value: 'api', isRegex: false, isEqual: true },
        { name: 'severity', value: 'critical', isRegex: false, isEqual: true },
      ]);
    });
  });

  describe('matcher text', () => {
    it('round-trips the four operators and quoted values', () => {
      for (const text of ['job="api"', 'job!="api"', 'env=~"prod|staging"', 'env!~"dev.*"', 'msg="say \\"hi\\""']) {
        const matcher = parseMatcher(text);
        assert.ok(typeof matcher !== 'string', String(matcher));
        assert.equal(formatMatcher(matcher), text);
      }
      assert.deepEqual(parseMatcher(' job = api '), { name: 'job', value: 'api', isRegex: false, isEqual: true });
      assert.match(String(parseMatcher('just words')), /not a matcher/);
      assert.match(String(parseMatcher('job="unterminated')), /not a valid quoted string/);
    });
  });

  describe('validateSilence / buildSilence', () => {
    const base = { matchers: prefillMatchers({ alertname: 'X' }), createdBy: 'dev', comment: 'why' };

    it('builds the v2 body with an end time from the duration', () => {
      assert.deepEqual(buildSilence({ ...base, duration: '2h' }, NOW), {
        matchers: [{ name: 'alertname', value: 'X', isRegex: false, isEqual: true }],
        startsAt: '2026-11-22T12:00:00.000Z',
        endsAt: '2026-11-22T14:00:00.000Z',
        createdBy: 'dev',
        comment: 'why',
      });
    });

    it('names every problem at once', () => {
      const problems = validateSilence(
        {
          matchers: [
            { name: '1bad', value: '', isRegex: false },
            { name: 'job', value: '([', isRegex: true },
          ],
          duration: 'forever',
          createdBy: ' ',
          comment: '',
        },
        NOW,
      );
      assert.deepEqual(problems, [
        '"1bad" is not a valid label name',
        'the regular expression for "job" is not valid',
        'the author (createdBy) is required',
        'a comment is required',
        '"forever" is not a duration (use e.g. 30m, 2h, 1d, 1h30m)',
      ]);
      assert.throws(() => buildSilence({ ...base, duration: 'forever' }, NOW), SilenceValidationError);
    });

    it('refuses silences that match everything, end in the past, or last over a year', () => {
      assert.deepEqual(
        validateSilence(
          {
            ...base,
            matchers: [
              { name: 'x', value: '.*', isRegex: true },
              { name: 'y', value: 'z', isRegex: false, isEqual: false },
            ],
            duration: '1h',
          },
          NOW,
        ),
        ['at least one matcher must not match the empty string'],
      );
      assert.deepEqual(validateSilence({ ...base, startsAt: NOW - 7200_000, duration: '1h' }, NOW), ['the silence must end in the future']);
      assert.deepEqual(validateSilence({ ...base, endsAt: NOW - 1 }, NOW), ['the silence must end after it starts']);
      assert.deepEqual(validateSilence({ ...base, duration: '400d' }, NOW), ['the silence is longer than a year']);
      assert.deepEqual(validateSilence({ ...base }, NOW), ['a duration or an end time is required']);
    });

    it('accepts RE2 named groups', () => {
      assert.deepEqual(
        validateSilence({ ...base, matchers: [{ name: 'job', value: '(?P<svc>api|web)', isRegex: true }], duration: '1h' }, NOW),
        [],
      );
    });
  });

  describe('silenceMatches', () => {
    it('matches as Alertmanager does: anchored regexes, negations, missing labels as empty', () => {
      const labels = { alertname: 'HighLatency', env: 'production' };
      assert.equal(silenceMatches([{ name: 'alertname', value: 'High.*', isRegex: true }], labels), true);
      assert.equal(silenceMatches([{ name: 'alertname', value: 'High', isRegex: true }], labels), false);
      assert.equal(silenceMatches([{ name: 'env', value: 'staging', isRegex: false, isEqual: false }], labels), true);
      assert.equal(silenceMatches([{ name: 'team', value: '', isRegex: false }], labels), true);
      assert.equal(silenceMatches([{ name: 'team', value: 'ops', isRegex: false }], labels), false);
    });
  });
});
