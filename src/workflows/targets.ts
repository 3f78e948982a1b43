import { clip } from '../domain/format.js';

/** The services and environments config knows (`config.services`, or a stand-in with the same names). */
export type KnownTargets = Readonly<Record<string, { readonly environments: Readonly<Record<string, unknown>> }>>;

/**
 * Whether the service is configured and, when one is named, its environment. When not, the problem in the user's
 * words, naming what is known; undefined when both exist. The one check behind every command and workflow that
 * takes a service name, so they all answer alike.
 */
export function checkTarget(services: KnownTargets, service: string, environment?: string): string | undefined {
  // Own keys only: "constructor" or "toString" typed as a name is unknown, not a property every object has.
  if (!Object.hasOwn(services, service))
    return `Unknown service "${clip(service)}". Known services: ${Object.keys(services).join(', ')}.`;
  const environments = services[service]!.environments;
  if (environment === undefined || Object.hasOwn(environments, environment)) return undefined;
  return `Unknown environment "${clip(environment)}" for ${service}. Known environments: ${Object.keys(environments).join(', ')}.`;
}
