import type { IncidentRefusal } from '../../domain/incident-facts.js';
import { Refused } from '../../domain/refusals.js';

/**
 * An incident workflow's refusal: its facts are for the Slack surface to word (blocks/refusals.ts), so the message
 * is only for the logs.
 */
export class IncidentRefused<R extends IncidentRefusal = IncidentRefusal> extends Refused {
  declare readonly refusal: R;

  constructor(refusal: R) {
    super(refusal, refusal.kind === 'not-allowed' ? 'forbidden' : 'conflict');
    this.name = 'IncidentRefused';
  }
}
