/** Jira's JSON, as far as the source reads it (test/fixtures/jira/jira-api-extract.json documents the whole). */

export interface JiraUserJson {
  accountId?: string;
  name?: string;
  key?: string;
  displayName?: string;
  emailAddress?: string;
  active?: boolean;
}

export interface JiraStatusJson {
  id?: string;
  name?: string;
  statusCategory?: { id?: number; key?: string; name?: string };
}

export interface JiraIssueJson {
  id: string;
  key: string;
  fields?: Record<string, unknown> & {
    summary?: unknown;
    issuetype?: { name?: unknown; subtask?: unknown } | null;
    priority?: { name?: unknown } | null;
    status?: JiraStatusJson | null;
    assignee?: JiraUserJson | null;
    description?: unknown;
    fixVersions?: Array<{ id?: string; name?: unknown; released?: unknown }> | null;
    updated?: unknown;
    created?: unknown;
    comment?: { comments?: JiraCommentJson[] } | null;
  };
}

export interface JiraCommentJson {
  id?: string;
  author?: JiraUserJson;
  body?: unknown;
  created?: string;
}

export interface JiraBoardJson {
  id: number;
  name?: string;
  type?: string;
  location?: { projectKey?: string; projectName?: string };
}

export interface JiraSprintJson {
  id: number;
  name?: string;
  state?: string;
  goal?: string;
  startDate?: string;
  endDate?: string;
}

export interface JiraTransitionJson {
  id: string;
  name?: string;
  to?: JiraStatusJson;
}
