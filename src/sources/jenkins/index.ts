/**
 * The Jenkins source's public surface (pure: no `vscode` import). The VS Code layer parses the
 * `devops.jenkins.instances` entries (`instanceBase`, `parseJobPath`), builds the Basic credential from
 * the user and the API token in SecretStorage (`basicCredential`, bound to the instance's origin), makes
 * one `JenkinsBuildSource` per instance and workspace repository, adds `jenkinsBuildLayout` to the Build
 * view and calls the actions (build, abort, logs) on the source.
 */
export { JENKINS, JenkinsApi, sessionCookies, type JenkinsApiOptions, type ProgressiveText } from './api';
export { JenkinsBuildSource, jenkinsSourceId, parametersOfJob, type JenkinsSourceOptions, type JobParameter } from './buildSource';
export { branchJob, matchJobs, searchTree, type ResolvedJob } from './jobs';
export { branchJobName, instanceBase, jobDisplayPath, jobPathOfUrl, jobUrl, parseJobPath, type JobPath } from './jobPath';
export { jenkinsBuildLayout } from './layout';
export { causeOf, mapRun, mapStages, revisionOf, runState, stageState, type JobRef, type MappingContext } from './mapping';
export { mapTestReport, placeOf, TEST_REPORT_TREE, type TestReportContext } from './testReport';
export type * from './types';
