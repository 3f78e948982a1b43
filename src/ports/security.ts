import type { AuditDigest } from '../domain/audit.js';
import type { LiteralFacts } from '../domain/audit-literal.js';
import type { ServiceLocation } from '../domain/runtime.js';

/** What the security audit reads. Metadata only: no secret payload and no environment value crosses these ports. */

/** A rules release: `cloud.firestore`, `cloud.firestore/<database>` or `firebase.storage/<bucket>`. */
export interface RulesRelease {
  /** The release ID, e.g. "cloud.firestore". */
  id: string;
  /** projects/<p>/rulesets/<uuid> */
  rulesetName: string;
  updateTime: string;
}

export interface RulesetSource {
  name: string;
  createTime: string;
  files: { name: string; content: string }[];
}

/** The Firebase Rules API (firebaserules.googleapis.com). */
export interface RulesApi {
  listReleases(project: string): Promise<RulesRelease[]>;
  getRuleset(rulesetName: string): Promise<RulesetSource>;
}

/** The Firestore API: the collections at a database's root. */
export interface DatabaseCatalog {
  listCollections(project: string, database: string): Promise<string[]>;
}

export interface ProbeRequest {
  collection: string;
  who: 'anonymous' | 'stranger';
  operation: 'read' | 'write';
}

export interface ProbeResult extends ProbeRequest {
  request: string;
  allowed: boolean;
  decision: string;
}

/** Google's Firestore emulator with the released rules loaded: requests as an anonymous user or a stranger. */
export interface RulesLab {
  /** False when no emulator is configured: the dynamic check says so instead of running. */
  readonly available: boolean;
  probe(rules: string, requests: ProbeRequest[]): Promise<ProbeResult[]>;
}

export interface ServiceExposure {
  /** INGRESS_TRAFFIC_ALL, INGRESS_TRAFFIC_INTERNAL_ONLY, … */
  ingress: string;
  invokerIamDisabled: boolean;
  /** Members holding roles/run.invoker. */
  invokers: string[];
  /** Plain environment variables (not Secret Manager references), as facts: the value is not carried. */
  literals: ({ name: string; container: string } & LiteralFacts)[];
}

/** Cloud Run's IAM policy and service settings. */
export interface ExposureApi {
  read(location: ServiceLocation): Promise<ServiceExposure>;
}

export interface SecretMetadata {
  /** The short name. */
  name: string;
  createTime: string;
  /** A rotation schedule is set (Secret Manager then notifies a topic when it is due). */
  rotation?: { nextRotationTime?: string };
  /** Newest first. */
  versions: { name: string; state: 'enabled' | 'disabled' | 'destroyed'; createTime: string }[];
}

/** Secret Manager, metadata only: the bot never accesses a version's payload. */
export interface SecretInventory {
  listSecrets(project: string): Promise<SecretMetadata[]>;
}

/** The job endpoints and how they admit callers (from the settings), for the bot's own configuration check. */
export interface JobEndpointFacts {
  path: string;
  oidc: boolean;
  sharedSecret: boolean;
}

/** Everything the audit reads, built by the composition root. */
export interface SecuritySources {
  rules: RulesApi;
  catalog: DatabaseCatalog;
  lab: RulesLab;
  exposure: ExposureApi;
  secrets: SecretInventory;
  jobEndpoints: JobEndpointFacts[];
  close(): Promise<void>;
}

/** Where the weekly security digest is posted; implemented by the Slack adapter, which words it with blocks/. */
export interface AuditPublisher {
  postDigest(channel: string, digest: AuditDigest): Promise<{ channel: string; ts: string }>;
  postNotice(channel: string, text: string): Promise<void>;
}
