/**
 * The parts of Argo CD's API objects the source reads, as its Swagger description
 * (`assets/swagger.json`, test/fixtures/argocd/swagger-extract.json) names them. Every field is
 * optional there (protobuf), so every one is optional here and the mapping checks what it reads.
 */

export interface ArgoApplicationSource {
  repoURL?: string;
  path?: string;
  targetRevision?: string;
  chart?: string;
}

export interface ArgoDestination {
  server?: string;
  name?: string;
  namespace?: string;
}

export interface ArgoOperationInitiator {
  username?: string;
  automated?: boolean;
}

export interface ArgoRevisionHistory {
  /** int64: a number, or a string in protobuf's JSON mapping. */
  id?: number | string;
  revision?: string;
  revisions?: string[];
  deployedAt?: string;
  deployStartedAt?: string;
  initiatedBy?: ArgoOperationInitiator;
  source?: ArgoApplicationSource;
  sources?: ArgoApplicationSource[];
}

export interface ArgoOperationState {
  phase?: string;
  message?: string;
  startedAt?: string;
  finishedAt?: string;
  operation?: { sync?: { revision?: string; dryRun?: boolean; prune?: boolean }; initiatedBy?: ArgoOperationInitiator };
}

export interface ArgoApplication {
  metadata?: { name?: string; namespace?: string; creationTimestamp?: string; resourceVersion?: string };
  spec?: {
    project?: string;
    source?: ArgoApplicationSource;
    sources?: ArgoApplicationSource[];
    destination?: ArgoDestination;
  };
  status?: {
    sync?: { status?: string; revision?: string; revisions?: string[] };
    health?: { status?: string; message?: string };
    history?: ArgoRevisionHistory[];
    operationState?: ArgoOperationState;
    reconciledAt?: string;
  };
}

export interface ArgoApplicationList {
  items?: ArgoApplication[] | null;
  metadata?: { resourceVersion?: string };
}

export interface ArgoRevisionMetadata {
  author?: string;
  date?: string;
  message?: string;
  tags?: string[];
}

/** A message of `GET /api/v1/stream/applications`: a `{ result }` or `{ error }` envelope. */
export interface ArgoWatchEnvelope {
  result?: { type?: string; application?: ArgoApplication };
  error?: { message?: string; http_code?: number; grpc_code?: number };
}
