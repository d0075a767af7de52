/**
 * The fields of GitHub's REST JSON that this source reads: a subset of the schemas in GitHub's
 * OpenAPI description (see test/fixtures/github/openapi-extract.json). Everything is optional or
 * nullable where GitHub documents it so, and the mapping treats every string as untrusted data.
 */

export interface GhUser {
  login: string;
  id?: number;
  html_url?: string;
  type?: string;
}

export interface GhTeam {
  slug: string;
  name?: string;
}

export interface GhLabel {
  name?: string;
}

export interface GhMilestone {
  number: number;
  title: string;
  state: 'open' | 'closed' | string;
  due_on?: string | null;
  html_url?: string;
  description?: string | null;
  open_issues?: number;
  closed_issues?: number;
}

export interface GhIssue {
  id: number;
  number: number;
  title: string;
  state: string;
  state_reason?: string | null;
  html_url?: string;
  body?: string | null;
  user?: GhUser | null;
  labels?: (GhLabel | string)[];
  assignee?: GhUser | null;
  assignees?: GhUser[] | null;
  milestone?: GhMilestone | null;
  /** Present when the "issue" is a pull request: the issues list returns both. */
  pull_request?: unknown;
  created_at: string;
  updated_at: string;
  closed_at?: string | null;
}

export interface GhBranchRef {
  ref: string;
  sha: string;
  label?: string;
  repo?: { full_name?: string } | null;
}

export interface GhPullRequest {
  id: number;
  number: number;
  title: string;
  state: string;
  html_url?: string;
  body?: string | null;
  user?: GhUser | null;
  labels?: GhLabel[];
  assignees?: GhUser[] | null;
  requested_reviewers?: GhUser[] | null;
  requested_teams?: GhTeam[] | null;
  milestone?: GhMilestone | null;
  head: GhBranchRef;
  base: GhBranchRef;
  draft?: boolean;
  merged?: boolean;
  merged_at?: string | null;
  /** Only on the single-PR endpoint; null while GitHub computes it. */
  mergeable?: boolean | null;
  mergeable_state?: string;
  created_at: string;
  updated_at: string;
  closed_at?: string | null;
}

/** One file of `GET /repos/{owner}/{repo}/pulls/{pull_number}/files` (GitHub's "diff-entry"). */
export interface GhPullRequestFile {
  sha: string | null;
  filename: string;
  status: 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged' | string;
  additions: number;
  deletions: number;
  changes: number;
  blob_url?: string;
  raw_url?: string;
  contents_url?: string;
  patch?: string;
  /** Set when `status` is `renamed` (or `copied`): the path in the base. */
  previous_filename?: string;
}

export type GhReviewState = 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING' | string;

export interface GhReview {
  id: number;
  user?: GhUser | null;
  body?: string | null;
  state: GhReviewState;
  html_url?: string;
  submitted_at?: string | null;
  commit_id?: string | null;
}

export interface GhCheckRun {
  id: number;
  name: string;
  head_sha?: string;
  status: 'queued' | 'in_progress' | 'completed' | 'waiting' | 'requested' | 'pending' | string;
  conclusion?: string | null;
  html_url?: string | null;
  details_url?: string | null;
  started_at?: string | null;
  completed_at?: string | null;
  output?: { title?: string | null; summary?: string | null; annotations_count?: number };
}

/** One annotation of a check run (`GET /repos/{owner}/{repo}/check-runs/{check_run_id}/annotations`). */
export interface GhAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number | null;
  end_column?: number | null;
  annotation_level: 'notice' | 'warning' | 'failure' | string | null;
  title: string | null;
  message: string | null;
  raw_details?: string | null;
  blob_href: string;
}

export interface GhCheckRunList {
  total_count: number;
  check_runs: GhCheckRun[];
}

export interface GhStatus {
  id?: number;
  state: 'error' | 'failure' | 'pending' | 'success' | string;
  context?: string;
  description?: string | null;
  target_url?: string | null;
  updated_at?: string;
}

export interface GhCombinedStatus {
  state: string;
  sha?: string;
  total_count?: number;
  statuses: GhStatus[];
}

export interface GhWorkflowRun {
  id: number;
  name?: string | null;
  display_title?: string;
  head_branch?: string | null;
  head_sha: string;
  run_number: number;
  run_attempt?: number;
  event?: string;
  status?: string | null;
  conclusion?: string | null;
  workflow_id?: number;
  html_url?: string;
  created_at: string;
  updated_at: string;
  run_started_at?: string;
  actor?: GhUser | null;
  pull_requests?: { number: number }[] | null;
}

export interface GhWorkflowRunList {
  total_count: number;
  workflow_runs: GhWorkflowRun[];
}

export interface GhStep {
  name: string;
  number: number;
  status: string;
  conclusion?: string | null;
  started_at?: string | null;
  completed_at?: string | null;
}

export interface GhJob {
  id: number;
  run_id: number;
  name: string;
  head_sha?: string;
  head_branch?: string | null;
  status: string;
  conclusion?: string | null;
  started_at?: string | null;
  completed_at?: string | null;
  html_url?: string | null;
  steps?: GhStep[];
  runner_name?: string | null;
  workflow_name?: string | null;
}

export interface GhJobList {
  total_count: number;
  jobs: GhJob[];
}

export interface GhEnvironment {
  id: number;
  name: string;
  html_url?: string;
  created_at?: string;
  updated_at?: string;
}

export interface GhEnvironmentList {
  total_count?: number;
  environments?: GhEnvironment[];
}

export interface GhDeployment {
  id: number;
  sha: string;
  ref: string;
  task?: string;
  environment: string;
  description?: string | null;
  creator?: GhUser | null;
  created_at: string;
  updated_at: string;
  statuses_url?: string;
  production_environment?: boolean;
  transient_environment?: boolean;
}

export type GhDeploymentState = 'error' | 'failure' | 'inactive' | 'in_progress' | 'queued' | 'pending' | 'success';

export interface GhDeploymentStatus {
  id: number;
  state: GhDeploymentState | string;
  description?: string;
  environment?: string;
  target_url?: string;
  log_url?: string;
  environment_url?: string;
  creator?: GhUser | null;
  created_at: string;
  updated_at: string;
}

export interface GhRepository {
  id: number;
  full_name: string;
  default_branch: string;
  private?: boolean;
  html_url?: string;
}

export interface GhSearchResult<T> {
  total_count: number;
  incomplete_results: boolean;
  items: T[];
}

export interface GhMergeResult {
  sha: string;
  merged: boolean;
  message: string;
}

/** A pull request review comment (`GET /repos/{owner}/{repo}/pulls/{pull_number}/comments`). */
export interface GhReviewComment {
  id: number;
  node_id?: string;
  pull_request_review_id?: number | null;
  in_reply_to_id?: number;
  path: string;
  /** Line in the diff; null when the comment no longer applies to the pull request's current diff. */
  position?: number | null;
  original_position?: number;
  commit_id: string;
  original_commit_id: string;
  user?: GhUser | null;
  body: string;
  created_at: string;
  updated_at?: string;
  html_url?: string;
  /** Last line of the range in `commit_id` (on `side`); null when outdated. */
  line?: number | null;
  original_line?: number | null;
  start_line?: number | null;
  original_start_line?: number | null;
  side?: 'LEFT' | 'RIGHT' | string;
  start_side?: 'LEFT' | 'RIGHT' | string | null;
  subject_type?: 'line' | 'file' | string;
}

/** One review thread as GitHub's GraphQL API names it (`PullRequest.reviewThreads`). */
export interface GhReviewThreadState {
  id: string;
  isResolved: boolean;
  isOutdated: boolean;
  /** The `databaseId` (REST id) of its first comment. */
  firstCommentId?: number;
}
