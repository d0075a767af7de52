/**
 * The fields of GitLab's REST answers this source reads, as GitLab's documentation names them
 * (doc/api/*.md; see test/fixtures/gitlab/docs-extract.json). Everything is optional or nullable
 * where the documentation shows null or leaves a field out of an example: mapping never trusts
 * a field to be there.
 */

export interface GlUser {
  id: number;
  username: string;
  name?: string;
  state?: string;
  avatar_url?: string | null;
  web_url?: string;
}

export interface GlMilestone {
  id: number;
  iid?: number;
  project_id?: number;
  group_id?: number;
  title: string;
  description?: string | null;
  state?: string;
  due_date?: string | null;
  start_date?: string | null;
  expired?: boolean | null;
  web_url?: string;
  created_at?: string;
  updated_at?: string;
}

/**
 * An iteration. `state` is a number in the documented examples (2 for current), and the `state`
 * filter takes words; `title` is null for iterations an iteration cadence schedules automatically.
 */
export interface GlIteration {
  id: number;
  iid?: number;
  sequence?: number;
  group_id?: number;
  title?: string | null;
  description?: string | null;
  state?: number | string;
  start_date?: string | null;
  due_date?: string | null;
  web_url?: string;
  created_at?: string;
  updated_at?: string;
}

export interface GlIssue {
  id: number;
  iid: number;
  project_id?: number;
  title: string;
  description?: string | null;
  state: string;
  created_at: string;
  updated_at: string;
  closed_at?: string | null;
  labels?: string[];
  milestone?: GlMilestone | null;
  iteration?: GlIteration | null;
  assignees?: GlUser[];
  assignee?: GlUser | null;
  author?: GlUser;
  weight?: number | null;
  due_date?: string | null;
  web_url: string;
  references?: { short?: string; relative?: string; full?: string };
  issue_type?: string;
  confidential?: boolean;
  user_notes_count?: number;
}

export interface GlPipelineRef {
  id: number;
  iid?: number;
  project_id?: number;
  sha?: string;
  ref?: string;
  status?: string;
  source?: string;
  web_url?: string;
  created_at?: string;
  updated_at?: string;
}

export interface GlMergeRequest {
  id: number;
  iid: number;
  project_id?: number;
  title: string;
  description?: string | null;
  state: string;
  created_at: string;
  updated_at: string;
  merged_at?: string | null;
  closed_at?: string | null;
  target_branch: string;
  source_branch: string;
  author?: GlUser;
  assignee?: GlUser | null;
  assignees?: GlUser[];
  reviewers?: GlUser[];
  labels?: string[];
  draft?: boolean;
  work_in_progress?: boolean;
  milestone?: GlMilestone | null;
  merge_when_pipeline_succeeds?: boolean;
  merge_status?: string;
  detailed_merge_status?: string;
  has_conflicts?: boolean;
  blocking_discussions_resolved?: boolean;
  sha?: string;
  merge_commit_sha?: string | null;
  web_url: string;
  references?: { short?: string; relative?: string; full?: string };
  head_pipeline?: (GlPipelineRef & { duration?: number | null }) | null;
  pipeline?: GlPipelineRef | null;
  merge_error?: string | null;
  user_notes_count?: number;
  changes_count?: string | null;
}

export interface GlApprovals {
  approvals_required?: number;
  approvals_left?: number;
  approved_by?: { user?: GlUser }[];
}

export interface GlPipeline {
  id: number;
  iid?: number;
  project_id?: number;
  name?: string | null;
  status: string;
  source?: string;
  ref: string;
  sha: string;
  before_sha?: string;
  tag?: boolean;
  web_url?: string;
  created_at: string;
  updated_at: string;
  started_at?: string | null;
  finished_at?: string | null;
  /** Seconds. */
  duration?: number | null;
  /** Seconds. */
  queued_duration?: number | null;
  user?: GlUser | null;
  detailed_status?: { text?: string; label?: string; group?: string } | null;
}

export interface GlJob {
  id: number;
  name: string;
  stage?: string;
  status: string;
  ref?: string;
  tag?: boolean;
  allow_failure?: boolean;
  created_at?: string;
  started_at?: string | null;
  finished_at?: string | null;
  /** Seconds. */
  duration?: number | null;
  /** Seconds. */
  queued_duration?: number | null;
  failure_reason?: string;
  web_url?: string;
  commit?: { id?: string; short_id?: string; title?: string } | null;
  pipeline?: { id: number; project_id?: number; ref?: string; sha?: string; status?: string };
  runner?: { id?: number; description?: string | null; name?: string | null } | null;
  user?: GlUser | null;
}

export interface GlEnvironment {
  id: number;
  name: string;
  slug?: string;
  external_url?: string | null;
  state?: string;
  tier?: string | null;
  created_at?: string;
  updated_at?: string;
}

export interface GlDeployment {
  id: number;
  iid?: number;
  ref: string;
  sha: string;
  status: string;
  created_at: string;
  updated_at?: string;
  user?: GlUser | null;
  environment?: { id: number; name: string; external_url?: string | null };
  deployable?: {
    id: number;
    name?: string;
    stage?: string;
    status?: string;
    ref?: string;
    tag?: boolean;
    created_at?: string;
    started_at?: string | null;
    finished_at?: string | null;
    web_url?: string;
    pipeline?: { id: number; sha?: string; ref?: string; status?: string; web_url?: string };
  } | null;
}

/** A DiffNote's place (doc/api/discussions.md, "Diff comments also contain position"). */
export interface GlNotePosition {
  base_sha?: string;
  start_sha?: string;
  head_sha?: string;
  old_path?: string;
  new_path?: string;
  position_type?: string;
  old_line?: number | null;
  new_line?: number | null;
  line_range?: {
    start?: { line_code?: string; type?: string; old_line?: number | null; new_line?: number | null };
    end?: { line_code?: string; type?: string; old_line?: number | null; new_line?: number | null };
  } | null;
}

export interface GlNote {
  id: number;
  type?: string | null;
  body?: string;
  author?: GlUser | null;
  created_at?: string;
  updated_at?: string;
  system?: boolean;
  resolvable?: boolean;
  resolved?: boolean;
  commit_id?: string;
  position?: GlNotePosition | null;
}

/** A thread of a merge request (`GET /projects/:id/merge_requests/:iid/discussions`). */
export interface GlDiscussion {
  id: string;
  individual_note?: boolean;
  notes?: GlNote[];
}
