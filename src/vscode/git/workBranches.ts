import * as vscode from 'vscode';
import { checkBranchName, type BranchNameResult } from '../../core/branchName';
import { fetchRefspec, localBranchExists, switchBranch, type GitRepository } from '../../sources/git';
import type { Prompter } from '../prompter';

/** What Start Work asks: the input box's title, the template's proposal, and the setting it came from. */
export interface WorkBranchQuestion {
  title: string;
  proposed: BranchNameResult;
  setting: string;
}

/**
 * Start Work's branch: asks for its name (the template's proposal filled in, checked as git checks
 * ref names), then creates it from HEAD or switches to it when it exists. Undefined when the user
 * cancels. Every forge's Start Work goes through here, so they name and check branches alike.
 */
export async function switchToWorkBranch(
  prompter: Prompter,
  repo: GitRepository,
  question: WorkBranchQuestion,
): Promise<{ branch: string; created: boolean } | undefined> {
  const { proposed } = question;
  const name = await prompter.input({
    title: question.title,
    value: proposed.ok ? proposed.name : '',
    prompt: proposed.ok ? `Created from ${question.setting}; switched to if it exists.` : proposed.reason,
    validateInput: (v) => checkBranchName(v.trim()),
  });
  if (!name) return undefined;
  const branch = name.trim();
  const problem = checkBranchName(branch);
  if (problem) throw new Error(problem);
  const exists = await localBranchExists(repo, branch);
  await switchBranch(repo, branch, { create: !exists, trusted: vscode.workspace.isTrusted });
  return { branch, created: !exists };
}

/** A review (pull or merge request) to check out: the local branch, and where the forge keeps its head. */
export interface ReviewCheckout {
  branch: string;
  remote: string;
  /** The forge's ref of the review's head on that remote, e.g. `refs/pull/12/head`. */
  headRef: string;
  /** `pull request` / `merge request`, and its reference (`#12`, `!7`), for the progress and the refusal. */
  kind: string;
  reference: string;
}

/**
 * Check Out: switches to the review's local branch, fetching it from the forge's head ref first
 * when it is missing. A fetch runs the user's credential helpers, which only a trusted workspace may.
 */
export async function checkOutReview(repo: GitRepository, review: ReviewCheckout): Promise<void> {
  const trusted = vscode.workspace.isTrusted;
  if (!(await localBranchExists(repo, review.branch))) {
    if (!trusted) throw new Error(`checking out a ${review.kind} fetches from the remote, which needs a trusted workspace.`);
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `DevOps: fetching ${review.kind} ${review.reference}` },
      () => fetchRefspec(repo, review.remote, `+${review.headRef}:refs/heads/${review.branch}`, { trusted }),
    );
  }
  await switchBranch(repo, review.branch, { trusted });
}
