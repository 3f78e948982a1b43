import { PortError } from '../../../src/domain/errors.js';
import type {
  DeployRevisionInput,
  RuntimePlatform,
  RuntimeRevision,
  RuntimeService,
  ServiceLocation,
  TrafficTarget,
} from '../../../src/ports/runtime-platform.js';
import { CallLog } from './faults.js';

type Method = keyof RuntimePlatform;
const BACKEND = 'Cloud Run';
const key = (l: ServiceLocation): string => `${l.project}/${l.region}/${l.service}`;

/** Cloud Run in memory: services with their revisions and traffic split; a new revision is ready at once. */
export class FakeRuntime implements RuntimePlatform {
  readonly log = new CallLog<Method>(BACKEND);
  private readonly services = new Map<string, RuntimeService>();
  private readonly revisions = new Map<string, RuntimeRevision[]>();

  constructor(private readonly now: () => Date = () => new Date(0)) {}

  /** A service serving 100 % from one ready revision (`<service>-00001-abc` unless named). */
  addService(location: ServiceLocation, revision = `${location.service}-00001-abc`): RuntimeService {
    const service: RuntimeService = {
      name: location.service,
      uri: `https://${location.service}-abc.a.run.app`,
      latestReadyRevision: revision,
      latestCreatedRevision: revision,
      traffic: [{ revision, percent: 100 }],
      conditions: [{ type: 'Ready', state: 'succeeded' }],
      image: `europe-west1-docker.pkg.dev/${location.project}/apps/${location.service}:initial`,
    };
    this.services.set(key(location), service);
    this.revisions.set(key(location), [{ name: revision, createTime: this.now(), image: service.image!, ready: true }]);
    return structuredClone(service);
  }

  async getService(location: ServiceLocation): Promise<RuntimeService> {
    this.log.enter('getService', location);
    return structuredClone(this.find(location));
  }

  async listRevisions(location: ServiceLocation): Promise<RuntimeRevision[]> {
    this.log.enter('listRevisions', location);
    this.find(location);
    return structuredClone(this.revisions.get(key(location)) ?? []);
  }

  async deployRevision(location: ServiceLocation, input: DeployRevisionInput): Promise<RuntimeService> {
    this.log.enter('deployRevision', location, input);
    const service = this.find(location);
    const name = `${location.service}-${input.revisionSuffix}`;
    const revisions = this.revisions.get(key(location)) ?? [];
    if (!revisions.some((r) => r.name === name))
      revisions.unshift({ name, createTime: this.now(), image: input.image, ready: true });
    this.revisions.set(key(location), revisions);
    service.latestCreatedRevision = name;
    service.latestReadyRevision = name;
    service.image = input.image;
    service.traffic = [
      ...service.traffic.filter((t) => t.tag !== input.tag),
      { revision: name, percent: 0, tag: input.tag, uri: `https://${input.tag}---${service.uri.slice(8)}` },
    ];
    return structuredClone(service);
  }

  async setTraffic(location: ServiceLocation, traffic: TrafficTarget[]): Promise<RuntimeService> {
    this.log.enter('setTraffic', location, traffic);
    const service = this.find(location);
    const known = new Set((this.revisions.get(key(location)) ?? []).map((r) => r.name));
    const unknown = traffic.find((t) => t.revision !== null && !known.has(t.revision));
    if (unknown) throw new PortError('not_found', `revision ${unknown.revision} not found`, BACKEND);
    if (traffic.reduce((sum, t) => sum + t.percent, 0) !== 100)
      throw new PortError('invalid', 'traffic percentages must add up to 100', BACKEND);
    service.traffic = traffic.map((t) => ({ ...t }));
    return structuredClone(service);
  }

  private find(location: ServiceLocation): RuntimeService {
    const service = this.services.get(key(location));
    if (!service) throw new PortError('not_found', `Cloud Run service ${key(location)} not found`, BACKEND);
    return service;
  }
}
