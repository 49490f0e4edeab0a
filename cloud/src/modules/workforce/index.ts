/** The workforce engine as a library (no database): forecasts, Erlang staffing, rostering with HiGHS. */
export * from './erlang.ts';
export * from './staffing.ts';
export * from './roster.types.ts';
export { solveRoster, RosterInfeasible } from './roster.ts';
export { coverage, violations, worked } from './roster-check.ts';
