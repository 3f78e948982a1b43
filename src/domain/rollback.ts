export interface RollbackResult {
  strategy: 'cloud-run' | 'github-actions';
  /** The revision now serving 100%, or the ref dispatched. */
  to: string;
  from?: string;
  ms: number;
  /** github-actions: where to follow the dispatched run. */
  url?: string;
}
