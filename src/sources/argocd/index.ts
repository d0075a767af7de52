/**
 * The Argo CD source's public surface (pure: no `vscode` import); outside code imports Argo CD only
 * from here. The VS Code layer parses `devops.argocd.instances` with `parseArgoCdInstance`, builds
 * the Bearer credential (src/http/credentials) from the token in SecretStorage, creates one
 * `ArgoCdSource` per instance with the workspace remotes' identities, adds `argocdDeployLayout` to the
 * Deploy view, and calls Sync / Refresh / Rollback on the source.
 */
export { ArgoCdApi, argoMessage, SERVICE as ARGOCD_SERVICE, type AppRef, type SyncOptions } from './api';
export { ArgoCdSource, type ArgoCdSourceOptions } from './argocdSource';
export { parseArgoCdInstance, type ArgoCdInstance, type ArgoCdInstanceSetting } from './instance';
export { appDescription, argocdDeployLayout, historyDescription } from './layout';
export { appKey, appSources, matchApplications, namesApp, type MatchedApp } from './matching';
export {
  appSignalId,
  appState,
  argocdSourceId,
  destinationEnvironment,
  historyIdOf,
  IN_CLUSTER,
  mapApplication,
  needsAttention,
  type ArgoMappingContext,
} from './mapping';
export type { ArgoApplication, ArgoRevisionHistory, ArgoRevisionMetadata, ArgoWatchEnvelope } from './types';
export { SseParser, type SseEvent } from './sse';
export { ArgoCdWatch, type WatchOptions } from './watch';
