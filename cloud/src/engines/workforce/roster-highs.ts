/**
 * One run of HiGHS (npm `highs`, WebAssembly) on a built program: from a start, until a stop rule, the
 * time limit or the work limit; the solution and HiGHS's own proven bound.
 */
// The package's types describe its CommonJS build; Node's import loads the ES module, whose default
// export is the loader. A namespace import is typed and runs the same in both.
import * as highsPackage from 'highs';
import type { CallbackEventFor, Highs } from 'highs';
import type { ModelBuilder } from './roster-model.ts';

let loaded: Promise<Highs> | null = null;
const highs = () => (loaded ??= (highsPackage.default as unknown as () => Promise<Highs>)());

/** Progress of the search (best roster's cost, proven bound), for a progress line. */
export type ProgressListener = (p: { seconds: number; objective: number; bound: number; gap: number }) => void;

/** Runs a built model from a start until `stop` says so; the solution, and HiGHS's own bound. */
export async function run(
  built: { model: ModelBuilder },
  start: number[] | null,
  timeLimit: number,
  stop: (primal: number, dual: number) => boolean,
  onProgress: ProgressListener | undefined,
  relax = false,
  gap = 1e-4,
  nodes?: number,
) {
  const h = await highs();
  const model = h.createModel(built.model.data(h.infinity, relax));
  try {
    model.options.set({
      output_flag: false,
      mip_rel_gap: gap,
      // A work limit, or the clock: never both (the clock would make a work-limited run machine-dependent).
      ...(nodes !== undefined ? { mip_max_nodes: nodes } : { time_limit: Math.max(0.5, timeLimit) }),
    });
    if (start) model.setSolution({ colValue: start });
    const started = performance.now();
    model.run({
      [h.constants.callbackType.mipInterrupt]: (event: CallbackEventFor<6>) => {
        const primal = event.data.mip_primal_bound ?? Infinity;
        const dual = event.data.mip_dual_bound ?? -Infinity;
        onProgress?.({
          seconds: (performance.now() - started) / 1000,
          objective: primal,
          bound: dual,
          gap: event.data.mip_gap ?? Infinity,
        });
        if (stop(primal, dual) || (nodes === undefined && (performance.now() - started) / 1000 > timeLimit))
          event.interrupt();
        return undefined;
      },
    });
    if (model.getModelStatus() === h.constants.modelStatus.infeasible) throw new RosterInfeasible();
    if (Number(model.info.get('primal_solution_status')) !== h.constants.solutionStatus.feasible)
      throw new RosterInfeasible(
        nodes === undefined
          ? 'no roster found within the time limit; allow more time'
          : 'no roster found within the work limit; allow more nodes',
      );
    const dual = relax ? model.getObjectiveValue() : Number(model.info.get('mip_dual_bound'));
    return { values: model.getSolution().colValue, bound: Number.isFinite(dual) ? dual : 0 };
  } finally {
    model.dispose();
  }
}

export const relGap = (primal: number, dual: number) => (primal > 0 ? (primal - dual) / primal : 0);

/** No roster meets the hard rules (a contract's minimum hours against availability, usually). */
export class RosterInfeasible extends Error {
  constructor(
    message = 'no roster meets the hard rules: check the contracts’ minimum hours and days against availability and the allowed templates',
  ) {
    super(message);
  }
}
