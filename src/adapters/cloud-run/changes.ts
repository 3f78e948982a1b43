import { PortError } from '../../domain/errors.js';
import type { DeployRevisionInput, TrafficTarget } from '../../ports/runtime-platform.js';
import { BACKEND } from './errors.js';
import {
  isLatest,
  LATEST,
  REVISION,
  sameTraffic,
  shortName,
  specOf,
  toApiTraffic,
  type ApiService,
  type ApiTrafficTarget,
} from './mapping.js';

/**
 * The two changes the adapter makes, as functions from the service read now to the service to send
 * (null: nothing to change, which makes a repeated call a no-op).
 */

const NAME = /^[a-z]([a-z0-9-]*[a-z0-9])?$/;

export function validateDeploy(service: string, input: DeployRevisionInput): string {
  const revision = `${service}-${input.revisionSuffix}`;
  if (!input.image.trim()) throw new PortError('invalid', 'A deploy needs a container image', BACKEND);
  if (!NAME.test(input.revisionSuffix) || revision.length > 63) {
    throw new PortError(
      'invalid',
      `"${input.revisionSuffix}" cannot be a revision suffix: lowercase letters, digits and hyphens, and "${service}-<suffix>" at most 63 characters`,
      BACKEND,
    );
  }
  if (!NAME.test(input.tag) || input.tag.length > 46)
    throw new PortError(
      'invalid',
      `"${input.tag}" cannot be a traffic tag: lowercase letters, digits and hyphens, starting with a letter`,
      BACKEND,
    );
  return revision;
}

export function validateTraffic(targets: TrafficTarget[]): void {
  const sum = targets.reduce((n, t) => n + t.percent, 0);
  if (targets.some((t) => !Number.isInteger(t.percent) || t.percent < 0 || t.percent > 100)) {
    throw new PortError('invalid', 'Traffic percentages must be whole numbers between 0 and 100', BACKEND);
  }
  if (sum !== 100)
    throw new PortError('invalid', `Traffic percentages must add up to 100 (they add up to ${sum})`, BACKEND);
  const tags = targets.flatMap((t) => (t.tag ? [t.tag] : []));
  if (new Set(tags).size !== tags.length) throw new PortError('invalid', 'Each traffic tag may be used once', BACKEND);
}

/**
 * Deploy: the template gets the image and the revision name; the traffic stays as it is, except that a
 * "latest" target is pinned to the current latest ready revision (else the new revision would take its
 * traffic) and the tag moves to a 0% target on the new revision.
 */
export function deployChange(svc: ApiService, revision: string, input: DeployRevisionInput): ApiService | null {
  const template = svc.template ?? {};
  const containers = [...(template.containers ?? [])];
  const templateDone = template.revision === revision;
  if (templateDone && containers[0]?.image !== input.image) {
    throw new PortError(
      'conflict',
      `Cloud Run revision ${revision} already exists with image ${containers[0]?.image ?? '(none)'}; deploy ${input.image} under another revision suffix`,
      BACKEND,
    );
  }
  const current: ApiTrafficTarget[] = svc.traffic?.length ? svc.traffic : [{ type: LATEST, percent: 100 }];
  const trafficDone = current.some((t) => !isLatest(t.type) && t.revision === revision && t.tag === input.tag);
  if (templateDone && trafficDone) return null;

  const ready = shortName(svc.latestReadyRevision);
  let newPercent = 0;
  const traffic: ApiTrafficTarget[] = [];
  for (const t of current) {
    let target: ApiTrafficTarget = { type: t.type, revision: t.revision, percent: t.percent ?? 0, tag: t.tag };
    if (isLatest(t.type) && ready && ready !== revision)
      target = { type: REVISION, revision: ready, percent: t.percent ?? 0, tag: t.tag };
    if (!isLatest(target.type) && target.revision === revision) {
      newPercent += target.percent ?? 0;
      continue;
    }
    if (target.tag === input.tag) target.tag = '';
    if ((target.percent ?? 0) > 0 || target.tag) traffic.push(target);
  }
  traffic.push({ type: REVISION, revision, percent: newPercent, tag: input.tag });
  if (!templateDone) containers[0] = { ...(containers[0] ?? {}), image: input.image };
  return { ...specOf(svc), template: { ...template, revision, containers }, traffic };
}

/** Traffic: replaces the split; a revision of null means "latest ready". */
export function trafficChange(svc: ApiService, targets: TrafficTarget[]): ApiService | null {
  const traffic = toApiTraffic(targets);
  if (sameTraffic(svc.traffic ?? [], traffic)) return null;
  return { ...specOf(svc), traffic };
}
