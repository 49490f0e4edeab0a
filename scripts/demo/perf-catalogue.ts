/**
 * The demo's KPI catalogue (指标库), first in the performance demo's chain: the default telecom KPIs
 * (cloud/src/modules/performance/defaults.ts) written as version 1 through the catalogue's own API
 * (`kpis.seedDefaults`, idempotent: a later start writes nothing). Everything the performance demo
 * computes afterwards (daily KPIs, reports, cycles) names these versions.
 */

export interface CatalogueSession {
  call<T>(path: string, input: unknown): Promise<T>;
}

/** Writes the default KPIs where the catalogue has none; answers the keys written. */
export async function demoKpiCatalogue(api: CatalogueSession): Promise<string[]> {
  const { written } = await api.call<{ written: string[] }>('kpis.seedDefaults', undefined);
  return written;
}
