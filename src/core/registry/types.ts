import type { OnnxSignature } from '../models';
import type { KeyValue } from '../tracking';

export const STAGES = ['None', 'Staging', 'Production', 'Archived'] as const;
export type Stage = (typeof STAGES)[number];

export type ModelVersionStatus = 'PENDING_REGISTRATION' | 'FAILED_REGISTRATION' | 'READY';

export interface AliasRef {
  alias: string;
  version: number;
}

export interface RegisteredModel {
  name: string;
  creationTimestamp: number;
  lastUpdatedTimestamp: number;
  description: string | null;
  tags: KeyValue[];
  aliases: AliasRef[];
  /** The highest version in each stage, by version. */
  latestVersions: ModelVersion[];
}

/** A dataset version the producing run read: its `mlops.data.<path>` tag. */
export interface DataVersionRef {
  path: string;
  version?: number;
  md5?: string;
  /** The tag's value as written, when it is not `v<N> <md5>` or an md5. */
  value?: string;
}

export interface ModelVersion {
  name: string;
  version: number;
  creationTimestamp: number;
  lastUpdatedTimestamp: number;
  description: string | null;
  userId: string | null;
  currentStage: Stage;
  source: string;
  runId: string | null;
  runLink: string | null;
  status: ModelVersionStatus;
  statusMessage: string | null;
  /** file: URI of the registry copy's folder; null when the version only references its source. */
  storageLocation: string | null;
  /** The copied file's name inside storageLocation. */
  modelFile: string | null;
  gitCommit: string | null;
  dataVersions: DataVersionRef[];
  signature: OnnxSignature | null;
  size: number | null;
  md5: string | null;
  sha256: string | null;
  /** The MLflow 3 logged model this version promotes (model-versions/create's model_id). */
  modelId: string | null;
  /**
   * Why the model is not on this machine (a remote URI, a run this store does not know, a path
   * outside the workspace): it was recorded by reference, unread. Null when it is available.
   */
  unavailableReason: string | null;
  /** The report `mlops validate` stored last; null until the version is validated. */
  validation: unknown;
  tags: KeyValue[];
  aliases: string[];
}

/**
 * Decides whether `alias` may point at `version`: returns to allow, throws a DomainError
 * (INVALID_STATE) with the reason to refuse.
 */
export type AliasPolicy = (name: string, alias: string, version: number) => void;

export interface RegistryChange {
  name: string;
  version?: number;
  /** Set on a rename: the model's name before it. */
  renamedFrom?: string;
  deleted?: boolean;
  /** Set when an alias moved to `version`, or was removed (null). */
  alias?: { alias: string; version: number | null };
}

export interface SearchInput {
  filter?: string;
  maxResults?: number;
  orderBy?: string[];
  pageToken?: string;
}
