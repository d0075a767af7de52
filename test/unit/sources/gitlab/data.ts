/**
 * Test data made from the documented examples, varying only documented fields (ids, states,
 * branches, SHAs, people, dates), as the test server requires.
 */
import type {
  GlDeployment,
  GlEnvironment,
  GlIssue,
  GlIteration,
  GlJob,
  GlMergeRequest,
  GlMilestone,
  GlPipeline,
  GlUser,
} from '../../../../src/sources/gitlab/types';
import { exampleItem, exampleOf } from '../../../fixtures/gitlab/docServer';
import { syntheticSha } from '../../../fixtures/gitlab/synthetic';

/** A user with the fields every documented user object has (issues', merge requests', pipelines'). */
export function user(username: string, id: number): GlUser {
  return { id, username, name: username, state: 'active', avatar_url: null, web_url: `https://gitlab.example.com/${username}` };
}

export function iteration(over: Partial<GlIteration> = {}): GlIteration {
  return { ...exampleItem<GlIteration>('GET /projects/:id/iterations'), ...over };
}

export function milestone(over: Partial<GlMilestone> = {}): GlMilestone {
  return { ...exampleItem<GlMilestone>('GET /projects/:id/milestones'), ...over };
}

/** A milestone as an issue embeds it (fewer fields than the milestones list). */
export function issueMilestone(id: number, title: string): GlMilestone {
  return { ...(exampleItem<GlIssue>('GET /projects/:id/issues').milestone as GlMilestone), id, title };
}

export function issue(iid: number, over: Partial<GlIssue> = {}): GlIssue {
  return {
    ...exampleItem<GlIssue>('GET /projects/:id/issues'),
    id: 1000 + iid,
    iid,
    title: `Issue ${iid}`,
    state: 'opened',
    closed_at: null,
    closed_by: null,
    web_url: `https://gitlab.example.com/my-group/my-project/-/issues/${iid}`,
    references: { short: `#${iid}`, relative: `#${iid}`, full: `my-group/my-project#${iid}` },
    ...over,
  } as GlIssue;
}

/** A single issue answer (its documented fields differ a little from the list's). */
export function issueDetail(iid: number, over: Partial<GlIssue> = {}): GlIssue {
  return {
    ...exampleOf<GlIssue>('GET /projects/:id/issues/:issue_iid'),
    id: 1000 + iid,
    iid,
    title: `Issue ${iid}`,
    state: 'opened',
    web_url: `https://gitlab.example.com/my-group/my-project/-/issues/${iid}`,
    ...over,
  };
}

export function mergeRequest(iid: number, over: Partial<GlMergeRequest> = {}): GlMergeRequest {
  return {
    ...exampleItem<GlMergeRequest>('GET /projects/:id/merge_requests'),
    id: 2000 + iid,
    iid,
    title: `Change ${iid}`,
    state: 'opened',
    merged_at: null,
    merge_user: null,
    merged_by: null,
    source_branch: `feature/${iid}`,
    sha: syntheticSha(iid),
    detailed_merge_status: 'mergeable',
    reviewers: [],
    assignees: [],
    assignee: null,
    author: user('someone', 50),
    web_url: `https://gitlab.example.com/my-group/my-project/-/merge_requests/${iid}`,
    references: { short: `!${iid}`, relative: `!${iid}`, full: `my-group/my-project!${iid}` },
    reference: `!${iid}`,
    updated_at: new Date(Date.UTC(2024, 5, 1) + iid * 60_000).toISOString(),
    ...over,
  } as GlMergeRequest;
}

/** A single merge request answer (with head pipeline and detailed status). */
export function mergeRequestDetail(iid: number, over: Partial<GlMergeRequest> = {}): GlMergeRequest {
  const listed = mergeRequest(iid);
  const single = exampleOf<GlMergeRequest>('GET /projects/:id/merge_requests/:merge_request_iid');
  return {
    ...single,
    id: listed.id,
    iid,
    title: listed.title,
    state: 'opened',
    source_branch: listed.source_branch,
    sha: listed.sha,
    web_url: listed.web_url,
    author: listed.author,
    reviewers: [],
    assignees: [],
    assignee: null,
    references: listed.references,
    ...over,
  } as GlMergeRequest;
}

export function pipeline(id: number, over: Partial<GlPipeline> = {}): GlPipeline {
  return {
    ...exampleItem<GlPipeline>('GET /projects/:id/pipelines'),
    id,
    iid: id - 100,
    status: 'success',
    ref: 'main',
    sha: syntheticSha(id),
    web_url: `https://gitlab.example.com/my-group/my-project/-/pipelines/${id}`,
    created_at: new Date(Date.UTC(2024, 5, 1) + id * 60_000).toISOString(),
    ...over,
  };
}

export function pipelineDetail(id: number, over: Partial<GlPipeline> = {}): GlPipeline {
  const listed = pipeline(id, over);
  return {
    ...exampleOf<GlPipeline>('GET /projects/:id/pipelines/:pipeline_id'),
    id,
    iid: listed.iid,
    status: listed.status,
    ref: listed.ref,
    sha: listed.sha,
    web_url: listed.web_url,
    created_at: listed.created_at,
    ...over,
  };
}

export function job(id: number, pipelineId: number, over: Partial<GlJob> = {}): GlJob {
  const template = exampleItem<GlJob>('GET /projects/:id/pipelines/:pipeline_id/jobs');
  return {
    ...template,
    id,
    name: `job-${id}`,
    status: 'success',
    pipeline: { ...(template.pipeline as NonNullable<GlJob['pipeline']>), id: pipelineId },
    web_url: `https://gitlab.example.com/my-group/my-project/-/jobs/${id}`,
    ...over,
  };
}

export function environment(id: number, name: string, over: Partial<GlEnvironment> = {}): GlEnvironment {
  return { ...exampleItem<GlEnvironment>('GET /projects/:id/environments'), id, name, slug: name, ...over };
}

export function deployment(id: number, envName: string, over: Partial<GlDeployment> = {}): GlDeployment {
  const template = exampleItem<GlDeployment>('GET /projects/:id/deployments', 1);
  return {
    ...template,
    id,
    iid: id,
    status: 'success',
    sha: syntheticSha(id),
    created_at: new Date(Date.UTC(2024, 5, 1) + id * 60_000).toISOString(),
    environment: { ...(template.environment as NonNullable<GlDeployment['environment']>), name: envName },
    ...over,
  };
}
