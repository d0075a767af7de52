/**
 * The JSON of the ovh/cds SDK types the CDS source reads and sends (json tags of `sdk/*.go` at the commit
 * recorded in test/fixtures/cds/cds-api-extract.json), only the fields it uses. Everything is optional and
 * loosely typed: an answer is checked field by field before it is mapped.
 */

/** `sdk.AuthConsumerSigninResponse`: the session token (a JWT) the builtin consumer's sign-in token buys. */
export interface CdsSigninResponse {
  api_url?: unknown;
  token?: unknown;
}

/** `sdk.Project` with its `workflows` (`GET /project?repo=` keeps the workflows using the repository). */
export interface CdsProject {
  key?: unknown;
  name?: unknown;
  workflows?: CdsWorkflow[] | null;
}

export interface CdsWorkflow {
  name?: unknown;
  project_key?: unknown;
}

export interface CdsTag {
  tag?: unknown;
  value?: unknown;
}

/** `sdk.WorkflowRunSummary`: one row of `GET …/runs`. */
export interface CdsRunSummary {
  id?: unknown;
  num?: unknown;
  version?: unknown;
  status?: unknown;
  start?: unknown;
  last_modified?: unknown;
  last_subnumber?: unknown;
  last_execution?: unknown;
  tags?: CdsTag[] | null;
}

/** `sdk.WorkflowRun`: one run with its node runs (`nodes`: workflow node id → its sub-runs). */
export interface CdsRun extends CdsRunSummary {
  workflow?: { name?: unknown; project_key?: unknown };
  nodes?: Record<string, CdsNodeRun[] | null> | null;
  urls?: { api_url?: unknown; ui_url?: unknown };
}

/** `sdk.WorkflowNodeRun`: a pipeline of the workflow, run. */
export interface CdsNodeRun {
  id?: unknown;
  workflow_node_id?: unknown;
  workflow_node_name?: unknown;
  num?: unknown;
  subnumber?: unknown;
  status?: unknown;
  start?: unknown;
  done?: unknown;
  source_node_runs?: unknown;
  stages?: CdsStage[] | null;
  vcs_branch?: unknown;
  vcs_hash?: unknown;
}

/** `sdk.Stage` of a node run, with the jobs it ran. */
export interface CdsStage {
  id?: unknown;
  name?: unknown;
  build_order?: unknown;
  status?: unknown;
  run_jobs?: CdsJobRun[] | null;
}

/** `sdk.WorkflowNodeJobRun`. */
export interface CdsJobRun {
  id?: unknown;
  status?: unknown;
  start?: unknown;
  done?: unknown;
  queued?: unknown;
  job?: CdsExecutedJob;
}

/** `sdk.ExecutedJob` (an `sdk.Job`, inlined, with its steps' statuses). */
export interface CdsExecutedJob {
  action?: CdsAction;
  step_status?: CdsStepStatus[] | null;
  reason?: unknown;
  worker_name?: unknown;
}

/** `sdk.Action`: a job is an action whose `actions` are its steps. */
export interface CdsAction {
  name?: unknown;
  step_name?: unknown;
  actions?: CdsAction[] | null;
}

export interface CdsStepStatus {
  step_order?: unknown;
  status?: unknown;
  start?: unknown;
  done?: unknown;
}

/** `sdk.WorkflowRunPostHandlerOption`: a new run (`manual`), or a new sub-run of run `number` from `from_nodes`. */
export interface CdsRunPost {
  manual?: { payload?: Record<string, string>; only_failed_jobs?: boolean };
  number?: number;
  from_nodes?: number[];
}

/** `sdk.CDNLogLink`: where the CDN keeps a step's log. */
export interface CdsLogLink {
  item_type?: unknown;
  api_ref?: unknown;
}

/** `sdk.CDNConfig`. */
export interface CdsCdnConfig {
  http_url?: unknown;
}
