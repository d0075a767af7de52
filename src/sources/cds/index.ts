/**
 * The CDS source's public surface (pure: no `vscode` import). The VS Code layer parses the
 * `devops.cds.instances` entries (`cdsBase`, `parseWorkflowRef`) and cdsctl's file (`parseCdsrc`), makes one
 * `CdsBuildSource` per instance and workspace repository with the sign-in token of the instance's origin, adds
 * `cdsBuildLayout` to the Build view and calls the actions (start, restart, stop, step logs) on the source.
 */
export { CDS, CdsApi, cdsBase, cdsError, type CdsApiOptions, type WorkflowRef } from './api';
export { CdsBuildSource, cdsSourceId, type CdsSourceOptions } from './buildSource';
export { cdsrcContext, cdsrcPath, parseCdsrc, type Cdsrc, type CdsrcContext } from './cdsrc';
export { cdsBuildLayout } from './layout';
export { latestNodeRuns, mapJobs, mapRun, rootNodeIds, tagsOf, timeOf, type CdsRef, type MappingContext, type RunTags } from './mapping';
export { matchWorkflows, parseWorkflowRef, repositoryNames } from './matching';
export { cdsState } from './status';
export type * from './types';
