/**
 * The workforce engine as a library (`@hall/cloud/workforce`; no database, no module): forecasts,
 * Erlang C/A staffing, rostering on HiGHS, schedule analysis and simulation. The scheduling module and
 * the command line (cli/wfm.ts) are its users; ESLint keeps it free of modules and the database.
 */
export * from './erlang.ts';
export * from './forecast.ts';
export * from './staffing.ts';
export * from './simulate.ts';
export * from './roster.types.ts';
export { checkInstance, DEFAULT_NODES, RosterInfeasible, solveRoster, type SolveOptions } from './roster.ts';
export { report } from './roster-result.ts';
export { coverage, cost, violations, worked } from './roster-check.ts';
export { greedyRoster } from './roster-greedy.ts';
export { generateRoster } from './roster-instances.ts';
