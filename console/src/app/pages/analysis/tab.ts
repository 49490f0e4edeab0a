/** What each analysis tab is given by the page: the state from the address and a way to change it. */
import type { Outputs } from '../../api.ts';
import type { AnalysisState } from './state.ts';

export type UnitInfo = Outputs['analytics']['units'][number];

export interface TabProps {
  s: AnalysisState;
  /** Changes the address (a parameter set to undefined is removed). */
  set: (patch: Record<string, string | undefined>) => void;
  /** The unit as the user may see it (undefined: unknown or not theirs; the tab's query says which). */
  unit: UnitInfo | undefined;
  unitName: string;
  periodText: string;
  today: string;
}

/** The period and unit of a tab's queries. */
export const periodQuery = (s: AnalysisState) => ({ orgUnitId: s.unit ?? '', from: s.from, to: s.to });
