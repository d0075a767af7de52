/**
 * The parts of Jenkins' answers the source reads. Remote access API objects (`api/json?tree=…`) carry
 * only the `@Exported` properties a tree asks for, plus `_class`; Pipeline REST API objects
 * (`wfapi/…`) are as the Pipeline Stage View plugin's OpenAPI description shows them. Every field is
 * optional: a tree answers only what exists, and older instances lack newer properties.
 */

export interface JkItem {
  _class?: string;
  name?: string;
  fullName?: string;
  displayName?: string;
  url?: string;
  color?: string;
  buildable?: boolean;
  /** Folders, multibranch projects and organization folders (AbstractFolder `jobs`). */
  jobs?: JkItem[];
  builds?: JkRun[];
  lastBuild?: JkRun | null;
  property?: JkJobProperty[];
}

export interface JkJobProperty {
  _class?: string;
  parameterDefinitions?: JkParameterDefinition[];
}

export interface JkParameterDefinition {
  _class?: string;
  name?: string;
  type?: string;
  description?: string | null;
  defaultParameterValue?: { _class?: string; name?: string; value?: unknown } | null;
  /** ChoiceParameterDefinition. */
  choices?: string[];
}

export interface JkRun {
  _class?: string;
  number?: number;
  id?: string;
  url?: string;
  displayName?: string;
  fullDisplayName?: string;
  result?: string | null;
  building?: boolean;
  inProgress?: boolean;
  duration?: number;
  estimatedDuration?: number;
  timestamp?: number;
  description?: string | null;
  actions?: JkAction[];
}

/** A run's actions: CauseAction (`causes`), git's BuildData (`lastBuiltRevision`, `remoteUrls`), ParametersAction. */
export interface JkAction {
  _class?: string;
  causes?: Array<{ _class?: string; shortDescription?: string; userId?: string | null; userName?: string | null }>;
  lastBuiltRevision?: { SHA1?: string; branch?: Array<{ SHA1?: string; name?: string }> } | null;
  remoteUrls?: string[];
  parameters?: Array<{ _class?: string; name?: string; value?: unknown }>;
}

export interface JkCrumb {
  _class?: string;
  crumb?: string;
  crumbRequestField?: string;
}

/** `wfapi/describe` of a run. */
export interface WfRun {
  id?: string;
  name?: string;
  status?: string;
  startTimeMillis?: number;
  endTimeMillis?: number;
  durationMillis?: number;
  stages?: WfStage[];
  _links?: { self?: { href?: string }; pendingInputActions?: { href?: string } };
}

export interface WfStage {
  id?: string;
  name?: string;
  status?: string;
  startTimeMillis?: number;
  durationMillis?: number;
  _links?: { self?: { href?: string } };
}

export interface WfPendingInput {
  id?: string;
  message?: string;
  proceedUrl?: string;
  abortUrl?: string;
}

/** `testReport/api/json` (the JUnit plugin's TestResult). */
export interface JkTestReport {
  _class?: string;
  duration?: number;
  failCount?: number;
  passCount?: number;
  skipCount?: number;
  suites?: JkSuite[];
}

export interface JkSuite {
  name?: string;
  cases?: JkCase[];
}

export interface JkCase {
  className?: string;
  name?: string;
  status?: string;
  age?: number;
  duration?: number;
  errorDetails?: string | null;
  errorStackTrace?: string | null;
  failedSince?: number;
  skipped?: boolean;
}
