/**
 * Which bot instance drives a record, until when (ISO). Another instance may take the record over once `until`
 * has passed; src/workflows/lease.ts is the only code that reads or writes one.
 */
export interface Lease {
  owner: string;
  until: string;
}
