import assert from 'node:assert/strict';
import { buildSilence, prefillMatchers } from '../../../../src/sources/alertmanager/silence';
import { formatMatchersText, parseMatchersText } from '../../../../src/sources/alertmanager/matcherText';

describe('matchers as one editable line', () => {
  it('round-trips the prefilled matchers of an alert, alertname first', () => {
    const labels = { service: 'api', alertname: 'HighErrorRate', note: 'a, "quoted" \\ value', instance: '10.0.0.1:8080' };
    const matchers = prefillMatchers(labels);
    const text = formatMatchersText(matchers);
    assert.equal(text.startsWith('{alertname="HighErrorRate", '), true);
    assert.deepEqual(parseMatchersText(text), { matchers, problems: [] });
  });

  it('reads what a user types: no braces, regex and negative operators, unquoted values', () => {
    const { matchers, problems } = parseMatchersText(
      ' alertname = HighLatency ,instance=~"10\\\\.0\\\\..*", env!="staging", job!~"batch-.*"',
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(matchers, [
      { name: 'alertname', value: 'HighLatency', isRegex: false, isEqual: true },
      { name: 'instance', value: '10\\.0\\..*', isRegex: true, isEqual: true },
      { name: 'env', value: 'staging', isRegex: false, isEqual: false },
      { name: 'job', value: 'batch-.*', isRegex: true, isEqual: false },
    ]);
    // What the user typed is what Alertmanager receives.
    const body = buildSilence({ matchers, duration: '2h', createdBy: 'ada', comment: 'deploy' }, Date.UTC(2026, 0, 1));
    assert.deepEqual(body.matchers, matchers);
  });

  it('names every problem instead of throwing', () => {
    assert.deepEqual(parseMatchersText('{}').problems, ['at least one matcher is required']);
    const { problems } = parseMatchersText('alertname="X", oops, bad="unterminated');
    assert.equal(problems.length, 2);
    assert.match(problems[0], /"oops" is not a matcher/);
    assert.match(problems[1], /not a valid quoted string/);
    assert.deepEqual(parseMatchersText('a="b"'.repeat(5000)).problems, ['the matchers are too long']);
  });
});
