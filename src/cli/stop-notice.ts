import type { RunPlan } from './run-plan.js';

/**
 * What a run with no stop condition says on start: it goes on until Ctrl-C, which a new user would
 * otherwise take for a hang. Null when --duration or --closures will end it.
 */
export function untilStoppedNotice(plan: Pick<RunPlan, 'durationMs' | 'maxClosures'>): string | null {
  if (plan.durationMs !== null || plan.maxClosures !== null) return null;
  return 'Runs until Ctrl-C (neither --duration nor --closures was given); the summary is printed then.\n';
}
