/** @hall/grafana: the hall dashboards (as code, rendered to JSON) and the provisioning files. */
export { dashboards, DATASOURCE } from './dashboards.ts';
