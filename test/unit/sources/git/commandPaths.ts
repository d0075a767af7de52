import * as fs from 'node:fs';
import * as path from 'node:path';
import { environmentHistories } from '../../../../src/core/deployStatus';
import { blameFile } from '../../../../src/sources/git/blame';
import { fetchRefspec, localBranchExists, switchBranch } from '../../../../src/sources/git/checkout';
import { ContainmentCache, resolveCommitStatuses } from '../../../../src/sources/git/containment';
import { FileFeedbackService } from '../../../../src/sources/git/fileFeedback';
import { GitSource, deployEvents } from '../../../../src/sources/git/gitSource';
import { NotesJournal } from '../../../../src/sources/git/notesJournal';
import { syncNotes } from '../../../../src/sources/git/notesSync';
import { releaseNotesForRange } from '../../../../src/sources/git/releaseRange';
import type { GitRepository } from '../../../../src/sources/git/repository';
import { diffsSince } from '../../../../src/sources/git/findingLines';

/**
 * Every way the extension runs git, in one call: each read of the repository, blame (working tree,
 * editor buffer, revision), the journal's writes, Sync Feedback (trusted and not), Start Work's and
 * Check Out Pull Request's branch switches and fetches, pull request diffs. Remote operations that
 * are expected to fail (a remote that wants credentials, an unreachable one) are run and their
 * failure ignored: what matters is which programs they start. Returns what failed, for debugging.
 */
export async function runEveryCommandPath(repo: GitRepository, options: { remotes?: string[] } = {}): Promise<string[]> {
  const failures: string[] = [];
  const attempt = async (name: string, task: () => Promise<unknown>) => {
    try {
      await task();
    } catch (err) {
      failures.push(`${name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  const head = (await repo.head()) ?? '';
  await attempt('reads', async () => {
    await repo.currentBranch();
    await repo.resolveRef('HEAD~1');
    await repo.branches();
    await repo.tags();
    await repo.lastTag();
    await repo.log({ limit: 20 });
    await repo.isAncestor('HEAD~1', 'HEAD');
    await repo.remotes();
    await repo.defaultRemote();
    await repo.userIdentity();
    await repo.configValue('user.name');
    await repo.configEntries(/./);
    await repo.existingCommits([head]);
  });
  await attempt('pull request diff', async () => {
    const other = await repo.resolveRef('other');
    const base = other && (await repo.mergeBase(head, other));
    if (base && other) {
      await repo.changedFiles(base, other, 100);
      await repo.fileAt(other, 'app.txt', 1024 * 1024);
    }
  });
  await attempt('finding and review thread lines', () => diffsSince(repo, head, ['app.txt']));
  await attempt('blame', async () => {
    await blameFile(repo, 'app.txt');
    await blameFile(repo, 'app.txt', { contents: 'zero\none\nTWO\n' });
    await blameFile(repo, 'app.txt', { rev: head });
    await new FileFeedbackService(repo).forFile({ path: 'app.txt', lineCount: 3, deployments: [], signals: [] });
  });
  await attempt('release notes', () => releaseNotesForRange(repo));
  const journal = new NotesJournal(repo);
  await attempt('journal', async () => {
    await journal.reportDeploy({ environment: 'production', status: 'success', version: 'v1.0.1' });
    const incident = await journal.reportIncident({ severity: 'minor', summary: 'slow', file: 'app.txt', startLine: 2 });
    await journal.resolveIncident(incident.id);
    const histories = environmentHistories(deployEvents(await journal.readAll()));
    await resolveCommitStatuses(repo, new ContainmentCache(), [head], histories);
    await new GitSource(repo, { journal }).refresh(new AbortController().signal);
  });
  for (const trusted of [true, false]) {
    await attempt(`sync (trusted: ${trusted})`, () => syncNotes(repo, { trusted, remote: 'origin' }));
    for (const remote of options.remotes ?? []) {
      await attempt(`sync ${remote} (trusted: ${trusted})`, () => syncNotes(repo, { trusted, remote }));
      await attempt(`fetch ${remote} (trusted: ${trusted})`, () =>
        fetchRefspec(repo, remote, '+refs/heads/main:refs/heads/fetched', { trusted }),
      );
    }
    await attempt(`fetch origin (trusted: ${trusted})`, () =>
      fetchRefspec(repo, 'origin', '+refs/heads/other:refs/heads/pr-1', { trusted }),
    );
    await attempt(`switch (trusted: ${trusted})`, async () => {
      const branch = (await repo.currentBranch()) ?? 'main';
      await switchBranch(repo, 'pr-1', { trusted, create: !(await localBranchExists(repo, 'pr-1')) });
      // What the checkout brought (files, an included config file) is in place for these reads.
      await repo.log({ limit: 5 });
      await blameFile(repo, 'app.txt');
      await blameFile(repo, 'lib.txt');
      await switchBranch(repo, branch, { trusted });
      await switchBranch(repo, `work-${trusted}`, { trusted, create: true });
      await switchBranch(repo, branch, { trusted });
    });
  }
  return failures;
}

/** Leaves an uncommitted change in the working tree, so blame and status compare (and clean-filter) it. */
export function dirtyWorkingTree(dir: string): void {
  fs.appendFileSync(path.join(dir, 'app.txt'), 'uncommitted\n');
}
