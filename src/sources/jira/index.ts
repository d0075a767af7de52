/**
 * The Jira source's public surface (pure: no `vscode` import). The VS Code layer parses the
 * `devops.jira.sites` entries with `parseJiraSite`, builds the credential with `jiraCredential` from a
 * token in SecretStorage, creates one `JiraSprintSource` per site (injecting the project keys the
 * workspace names), adds `jiraPlanLayout` to the Plan view and calls the actions on `JiraApi`.
 */
export { JIRA_PAGE, JiraApi, jiraErrorMessage, SERVICE as JIRA_SERVICE, type JiraApiOptions, type JiraList } from './api';
export { jiraBranchName } from './branchName';
export { jiraCredential } from './credential';
export { branchKeys, issueDescription, jiraPlanLayout, onBranch, typeIcon, UNASSIGNED, type JiraLayoutContext } from './layouts';
export {
  categoryName,
  ISSUE_FIELDS,
  ISSUE_KEY,
  issueUrl,
  jiraSourceId,
  mapIssue,
  sprintContext,
  statusCategoryOf,
  type JiraMappingContext,
  type SprintContext,
  type StatusCategory,
} from './mapping';
export { JiraReferenceResolver, type JiraReference } from './references';
export { adfToMarkdown, jiraRichTextToMarkdown, wikiToMarkdown } from './richText';
export { parseJiraSite, platformBase, type JiraKind, type JiraSite, type JiraSiteSetting } from './site';
export { JiraSprintSource, type JiraSourceOptions } from './sprintSource';
export type { JiraCommentJson, JiraIssueJson, JiraTransitionJson, JiraUserJson } from './types';
