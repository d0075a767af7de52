import assert from 'node:assert/strict';
import { NOTES_REF, NotesJournal } from '../../../../src/sources/git/notesJournal';
import { REPORT_SCHEMA, parseReportLine, serializeReport, validateReport } from '../../../../src/sources/git/reports';
import { RecordingLogger, TestRepo, gitBytes, removeDir } from './fixtures';

describe('git/notesJournal (real repositories)', () => {
  let t: TestRepo;
  let base: string;
  let head: string;

  beforeEach(() => {
    t = TestRepo.init('journal');
    base = t.commit('feat: base', { 'src/app.ts': 'a\nb\nc\n' });
    head = t.commit('fix: head', { 'src/app.ts': 'a\nB\nc\n' });
  });
  afterEach(() => removeDir(t.dir));

  it('round-trips deploy, incident and resolution reports through git notes', async () => {
    const journal = new NotesJournal(t.open());
    const deploy = await journal.reportDeploy({
      environment: 'production',
      status: 'success',
      version: 'v1.4.2',
      url: 'https://ci.example.com/1',
    });
    assert.equal(deploy.commit, head, 'commit defaults to HEAD');
    assert.deepEqual(deploy.reportedBy, { name: 'Ada Tester', email: 'ada@example.com' });
    const incident = await journal.reportIncident({
      commit: base,
      severity: 'major',
      summary: 'Checkout fails',
      file: 'src/app.ts',
      startLine: 2,
      endLine: 3,
      deployId: deploy.id,
    });
    const resolution = await journal.resolveIncident(incident.id, 'rolled forward');
    assert.equal(resolution.commit, base, 'the resolution goes next to the incident');

    const fresh = new NotesJournal(t.open());
    const all = await fresh.readAll();
    assert.deepEqual(all.map((r) => r.id).sort(), [deploy.id, incident.id, resolution.id].sort());
    assert.deepEqual(
      all.find((r) => r.id === incident.id),
      incident,
    );
    assert.deepEqual(await fresh.readCommit(head), [deploy]);

    // What is stored is plain JSON Lines under the dedicated ref, readable with plain git.
    const raw = t.git(['notes', '--ref', NOTES_REF, 'show', base]);
    const lines = raw.trim().split('\n');
    assert.equal(lines.length, 2);
    assert.deepEqual(
      lines.map((l) => JSON.parse(l).type),
      ['incident', 'incident-resolution'],
    );
    assert.ok(lines[0].startsWith(`{"schema":"${REPORT_SCHEMA}","type":"incident"`));
    assert.match(t.git(['log', '-1', '--format=%an <%ae>', NOTES_REF]), /Ada Tester <ada@example.com>/);
  });

  it('orders reports by reportedAt, not by line order', async () => {
    const journal = new NotesJournal(t.open());
    const by = { name: 'Ada', email: 'ada@example.com' };
    const later = await journal.reportDeploy({ commit: base, environment: 'staging', status: 'success' }, by);
    // An earlier report appended after a later one (a clock from another machine):
    const earlierLine = serializeReport({ ...later, id: 'aaaa-earlier', reportedAt: '2020-01-01T00:00:00.000Z' });
    const existing = t.git(['notes', '--ref', NOTES_REF, 'show', base]);
    t.git(['notes', '--ref', NOTES_REF, 'add', '-f', '-F', '-', base], `${existing}${earlierLine}\n`);
    const all = await journal.readAll();
    assert.deepEqual(
      all.map((r) => r.id),
      ['aaaa-earlier', later.id],
    );
  });

  it('refuses to write an invalid report and writes nothing', async () => {
    const journal = new NotesJournal(t.open());
    await assert.rejects(journal.reportDeploy({ environment: 'prod\nuction', status: 'success' }), /environment/);
    await assert.rejects(journal.reportDeploy({ environment: 'production', status: 'deployed' as never }), /status must be one of/);
    await assert.rejects(
      journal.reportIncident({ severity: 'major', summary: 'x', file: '../../etc/passwd', startLine: 1 }),
      /repository-relative/,
    );
    await assert.rejects(
      journal.reportDeploy({ commit: 'no-such-ref', environment: 'production', status: 'success' }),
      /does not name a commit/,
    );
    await assert.rejects(journal.resolveIncident('no-such-incident'), /no incident/);
    assert.equal(await journal.tip(), undefined);
  });

  it('skips garbage, invalid JSON and foreign schemas with a warning, and keeps their bytes on append', async () => {
    const garbage = Buffer.concat([
      Buffer.from([0x00, 0xff, 0xfe, 0x0a]),
      Buffer.from('not json at all   \n\n\n'),
      Buffer.from('{"schema":"someone-else/v3","type":"deploy"}\n'),
      Buffer.from(`{"schema":"${REPORT_SCHEMA}","type":"deploy","id":"x","commit":"${base}"}\n`),
      Buffer.from('{"trailing": "no newline"'),
    ]);
    const blob = t.git(['hash-object', '-w', '--stdin'], garbage).trim();
    t.git(['notes', '--ref', NOTES_REF, 'add', '-f', '-C', blob, base]);

    const logger = new RecordingLogger();
    const journal = new NotesJournal(t.open(logger), { logger });
    assert.deepEqual(await journal.readAll(), []);
    assert.equal(logger.warnings.length, 5);
    assert.ok(logger.warnings.some((w) => /not valid JSON/.test(w)));
    assert.ok(logger.warnings.some((w) => /someone-else\/v3/.test(w)));
    assert.ok(logger.warnings.some((w) => /environment must be/.test(w)));

    const report = await journal.reportDeploy({ commit: base, environment: 'production', status: 'failed' });
    const bytes = rawNote(t, base);
    assert.ok(bytes.subarray(0, garbage.length).equals(garbage), 'the existing bytes are untouched');
    assert.equal(bytes.subarray(garbage.length).toString('utf8'), `\n${serializeReport(report)}\n`);
    assert.deepEqual(await journal.readAll(), [report]);
  });

  it('reads past a line over the limit: the reports before and after it on the same commit are kept, its bytes too', async () => {
    const writer = new NotesJournal(t.open());
    const first = await writer.reportDeploy({ commit: base, environment: 'staging', status: 'success' });
    // A 3 MiB line between two valid reports (the old reader dropped the whole note past 1 MiB).
    const huge = `{"schema":"${REPORT_SCHEMA}","note":"${'x'.repeat(3 * 1024 * 1024)}"}\n`;
    const withHuge = Buffer.concat([rawNote(t, base), Buffer.from(huge)]);
    const blob = t.git(['hash-object', '-w', '--stdin'], withHuge).trim();
    t.git(['notes', '--ref', NOTES_REF, 'add', '-f', '-C', blob, base]);
    const second = await writer.reportDeploy({ commit: base, environment: 'production', status: 'success' });
    await writer.reportDeploy({ commit: head, environment: 'production', status: 'success' });

    const logger = new RecordingLogger();
    const journal = new NotesJournal(t.open(logger), { logger });
    const all = await journal.readAll();
    assert.deepEqual(
      all
        .filter((r) => r.commit === base)
        .map((r) => r.id)
        .sort(),
      [first.id, second.id].sort(),
    );
    assert.equal(all.length, 3);
    assert.equal(logger.warnings.length, 1);
    assert.match(logger.warnings[0], /skipped line 2 of the note on [0-9a-f]{12}: 3145\d{3} bytes, over the 16384-byte report limit/);
    assert.deepEqual((await journal.readCommit(base)).map((r) => r.id).sort(), [first.id, second.id].sort());
    const bytes = rawNote(t, base);
    assert.ok(bytes.subarray(0, withHuge.length).equals(withHuge), 'the oversized line is kept byte for byte');
  });

  it('reads the whole journal with a constant number of git processes and caches by the ref tip', async () => {
    const logger = new RecordingLogger();
    const journal = new NotesJournal(t.open(logger), { logger });
    const by = { name: 'Ada', email: 'ada@example.com' };
    for (const commit of [base, head]) {
      for (const env of ['staging', 'production']) {
        await journal.reportDeploy({ commit, environment: env, status: 'success' }, by);
      }
    }
    const gitCalls = () => logger.lines.filter((l) => l.level === 'trace' && l.message.startsWith('git ')).length;
    let before = gitCalls();
    assert.equal((await journal.readAll()).length, 4);
    assert.equal(gitCalls() - before, 3, 'rev-parse + notes list + one cat-file --batch');
    before = gitCalls();
    assert.equal((await journal.readAll()).length, 4);
    assert.equal(gitCalls() - before, 1, 'unchanged tip: only rev-parse');
  });

  it('keeps a report id once when the same line exists on two notes', async () => {
    const journal = new NotesJournal(t.open());
    const report = await journal.reportDeploy({ commit: base, environment: 'production', status: 'success' });
    const copied = serializeReport({ ...report }); // same id, attached to a commit it does not name
    t.git(['notes', '--ref', NOTES_REF, 'add', '-f', '-m', copied, head]);
    const logger = new RecordingLogger();
    const all = await new NotesJournal(t.open(logger), { logger }).readAll();
    assert.deepEqual(
      all.map((r) => r.id),
      [report.id],
    );
    assert.ok(logger.warnings.some((w) => /names commit .* but is attached to/.test(w)));
  });
});

describe('git/reports validation', () => {
  const commit = 'a'.repeat(40);
  const base = { schema: REPORT_SCHEMA, id: 'r1', commit, reportedBy: { name: 'A', email: 'a@x' }, reportedAt: '2024-05-01T10:00:00.000Z' };

  it('accepts the three report types and drops unknown fields', () => {
    const deploy = validateReport({ ...base, type: 'deploy', environment: 'eu-west/prod', status: 'rolledBack', extra: 1 });
    assert.ok(deploy.ok);
    assert.equal('extra' in deploy.value, false);
    assert.ok(validateReport({ ...base, type: 'incident', severity: 'critical', summary: 's', links: ['alertmanager:prod:alert:1'] }).ok);
    assert.ok(validateReport({ ...base, type: 'incident-resolution', incidentId: 'i1' }).ok);
  });

  it('keeps where a report was also posted (postedTo), and old lines without it stay valid', () => {
    const postedTo = [
      { service: 'Tat', where: 'Tat topic /Team/Deploys', ref: 'abc123' },
      { service: 'Slack', where: 'Slack #deploys' },
    ];
    const line = serializeReport({ ...base, type: 'deploy', environment: 'prod', status: 'success', postedTo } as never);
    const back = parseReportLine(line);
    assert.ok(back.ok);
    assert.deepEqual((back.value as { postedTo?: unknown }).postedTo, postedTo);
    assert.ok(parseReportLine(JSON.stringify({ ...base, type: 'incident', severity: 'minor', summary: 's' })).ok);
    assert.equal(validateReport({ ...base, type: 'deploy', environment: 'p', status: 'success', postedTo: 'Slack' }).ok, false);
    assert.equal(
      validateReport({ ...base, type: 'deploy', environment: 'p', status: 'success', postedTo: [{ service: 'S', where: 'x\u0007' }] }).ok,
      false,
    );
    assert.equal(
      validateReport({ ...base, type: 'incident', severity: 'minor', summary: 's', postedTo: Array(21).fill(postedTo[1]) }).ok,
      false,
    );
  });

  it('rejects wrong types, bad SHAs, bad dates, bad URLs, bad ranges and oversize text', () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ ...base, type: 'deploy', environment: 'p', status: 'success', commit: 'HEAD' }, /commit/],
      [{ ...base, type: 'deploy', environment: 'p', status: 'success', reportedAt: 'yesterday' }, /reportedAt/],
      [{ ...base, type: 'deploy', environment: 'p', status: 'success', url: 'javascript:alert(1)' }, /url/],
      [{ ...base, type: 'incident', severity: 'major', summary: 's', startLine: 5, endLine: 2 }, /before startLine/],
      [{ ...base, type: 'incident', severity: 'major', summary: 'x'.repeat(501) }, /summary longer/],
      [{ ...base, type: 'incident', severity: 'huge', summary: 's' }, /severity/],
      [{ ...base, type: 'launch' }, /unknown report type/],
      [{ ...base, type: 'deploy', environment: 'p', status: 'success', reportedBy: 'me' }, /reportedBy/],
    ];
    for (const [value, error] of cases) {
      const result = validateReport(value);
      assert.equal(result.ok, false, JSON.stringify(value));
      assert.match((result as { error: string }).error, error);
    }
    assert.equal(parseReportLine('x'.repeat(20_000)).ok, false);
    assert.equal(parseReportLine('[1,2]').ok, false);
  });
});

function rawNote(t: TestRepo, commit: string): Buffer {
  const blob = t.git(['notes', '--ref', NOTES_REF, 'list', commit]).trim();
  return gitBytes(t.dir, ['cat-file', 'blob', blob]);
}
