/**
 * GitLab's `detailed_merge_status` in words (the values doc/api/merge_requests.md lists under
 * "Merge status"), for the Code view's descriptions and for saying why a merge was refused.
 */

const PHRASES: Record<string, string> = {
  approvals_syncing: 'approvals syncing',
  checking: 'checking mergeability',
  ci_must_pass: 'pipeline must succeed',
  ci_still_running: 'pipeline still running',
  commits_status: 'source branch missing or empty',
  conflict: 'conflicts',
  discussions_not_resolved: 'unresolved discussions',
  draft_status: 'draft',
  jira_association_missing: 'needs a Jira issue reference',
  mergeable: 'mergeable',
  merge_request_blocked: 'blocked by another merge request',
  merge_time: 'not mergeable before its set time',
  need_rebase: 'needs a rebase',
  not_approved: 'approval required',
  not_open: 'not open',
  preparing: 'diff being prepared',
  requested_changes: 'changes requested',
  security_policy_violations: 'security policies not satisfied',
  status_checks_must_pass: 'status checks must pass',
  unchecked: 'mergeability not checked yet',
  locked_paths: 'locked paths',
  locked_lfs_files: 'locked LFS files',
};

/** A short phrase for a detailed merge status; an unknown (newer) value is shown as GitLab spells it. */
export function mergeStatusPhrase(status: string | undefined | null): string | undefined {
  if (!status) {
    return undefined;
  }
  return PHRASES[status] ?? status.replace(/_/g, ' ').slice(0, 60);
}

/** True for the statuses that mean "nothing stands in the way". */
export function isMergeable(status: string | undefined | null): boolean {
  return status === 'mergeable';
}
