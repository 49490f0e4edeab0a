/**
 * The demo's live simulated halls follow the roster their hub holds (published in the cloud, sent to the
 * hub with its hall config): the simulator asks the hub for today's day (`roster.day`, with the wall
 * screen's display token, passed in the environment, not on the command line). A hub without a roster for
 * today leaves the simulation on its scenario's weekly roster. The history (past days) keeps the scenario's.
 */
import type { DemoCredentials } from './demo-hall.ts';

export function simFollowsRoster(
  hubHttp: string,
  credentials: Pick<DemoCredentials, 'displayToken'>,
): { args: string[]; env: Record<string, string> } {
  return { args: ['--roster-from', hubHttp], env: { HALL_SIM_DISPLAY_TOKEN: credentials.displayToken } };
}
