/**
 * What a rollout reports as it moves, as facts: the Slack surface words each as a reply in the deploy plan's
 * thread (blocks/deploy-progress.ts).
 */
export type DeployProgress =
  /** `ms`: how long the step took, when both its start and its end are recorded. */
  | { kind: 'step-done'; step: string; detail?: string; ms?: number }
  | { kind: 'step-failed'; step: string; detail: string }
  /** A github-actions rollout found the run its dispatch started and follows it. */
  | { kind: 'following-run'; runId: number; url: string }
  /** The automatic rollback moved all traffic back to `to` (verified); `revision`, the new one, serves nothing. */
  | { kind: 'rolled-back'; to: string; revision: string }
  /** Another instance took the rollout over after a restart; `at` is the first unfinished step. */
  | { kind: 'resuming'; at?: string }
  /** This instance shuts down and hands the rollout over; `at` is the first unfinished step. */
  | { kind: 'pausing'; at?: string };
