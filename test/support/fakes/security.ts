import type { AuditDigest } from '../../../src/domain/audit.js';
import type {
  AuditPublisher,
  ProbeResult,
  RulesetSource,
  RulesRelease,
  SecretMetadata,
  SecuritySources,
  ServiceExposure,
} from '../../../src/ports/security.js';

/** In-process security sources for unit tests: set what each backend holds, or an error it throws. */
export class FakeSecurity implements SecuritySources {
  releases = new Map<string, RulesRelease[]>();
  rulesets = new Map<string, RulesetSource>();
  collections: string[] = [];
  exposures = new Map<string, ServiceExposure>();
  secretList: SecretMetadata[] = [];
  probeResults: ProbeResult[] = [];
  failing = new Map<string, Error>();
  jobEndpoints = [{ path: '/jobs/cost-digest', oidc: true, sharedSecret: false }];

  private fail(what: string): void {
    const error = this.failing.get(what);
    if (error) throw error;
  }

  rules = {
    listReleases: async (project: string) => (this.fail('rules'), this.releases.get(project) ?? []),
    getRuleset: async (name: string) => {
      this.fail('rules');
      const r = this.rulesets.get(name);
      if (!r) throw new Error(`no ruleset ${name}`);
      return r;
    },
  };
  catalog = { listCollections: async () => (this.fail('catalog'), this.collections) };
  lab = { available: true, probe: async () => (this.fail('lab'), this.probeResults) };
  exposure = {
    read: async (l: { project: string; region: string; service: string }) => {
      this.fail('exposure');
      return (
        this.exposures.get(l.service) ?? {
          ingress: 'INGRESS_TRAFFIC_ALL',
          invokerIamDisabled: false,
          invokers: [],
          literals: [],
        }
      );
    },
  };
  secrets = { listSecrets: async () => (this.fail('secrets'), this.secretList) };
  close = async () => undefined;
}

export class FakeAuditPublisher implements AuditPublisher {
  posted: { channel: string; digest: AuditDigest }[] = [];
  notices: string[] = [];
  async postDigest(channel: string, digest: AuditDigest) {
    this.posted.push({ channel, digest });
    return { channel, ts: `${this.posted.length}.000` };
  }
  async postNotice(_channel: string, text: string) {
    this.notices.push(text);
  }
}
