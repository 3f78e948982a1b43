import type { IncidentRefusal } from '../../domain/incident-facts.js';
import { incidentLabel } from '../../domain/incident.js';
import { Refusal } from '../records.js';

/**
 * An incident workflow's refusal: its facts are for the Slack surface to word (blocks/incident-refusals.ts), so
 * the message is only for the logs.
 */
export class IncidentRefused<R extends IncidentRefusal = IncidentRefusal> extends Refusal {
  constructor(readonly refusal: R) {
    super(
      `${incidentLabel(refusal.incident)}: ${refusal.kind}`,
      refusal.kind === 'not-allowed' ? 'forbidden' : 'conflict',
    );
    this.name = 'IncidentRefused';
  }
}
