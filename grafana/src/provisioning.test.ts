/**
 * Grafana cannot run here, so its inputs are checked: the dashboard JSON against a JSON schema derived
 * from @grafana/schema's dashboard model (ts-json-schema-generator), the provisioning YAML against schemas
 * of our own, and the wiring between them and docker-compose.yml.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { createGenerator } from 'ts-json-schema-generator';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { dashboards } from './dashboards.ts';

const root = resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const grafanaSchemaTypes = join(
  dirname(require.resolve('@grafana/schema/package.json')),
  'dist/types/raw/dashboard/x/types.gen.d.ts',
);
const dashboardFiles = readdirSync(join(root, 'dashboards')).filter((f) => f.endsWith('.json'));
const readJson = (file: string) =>
  JSON.parse(readFileSync(join(root, 'dashboards', file), 'utf8')) as Record<string, unknown>;

/** `${NAME}`: a value Grafana takes from its environment. */
const fromEnv = z.string().regex(/^(Token )?\$\{[A-Z_]+\}$/, { error: 'must come from the environment (${NAME})' });

const datasourceFile = z.object({
  apiVersion: z.literal(1),
  datasources: z
    .array(
      z
        .object({
          name: z.string().min(1),
          uid: z.string().regex(/^[a-z0-9-]{1,40}$/),
          type: z.literal('influxdb'),
          access: z.literal('proxy'),
          url: fromEnv,
          jsonData: z.object({ dbName: fromEnv, httpMode: z.enum(['GET', 'POST']) }).loose(),
          secureJsonData: z.record(z.string(), fromEnv),
        })
        .loose(),
    )
    .min(1),
});

const dashboardProviderFile = z.object({
  apiVersion: z.literal(1),
  providers: z
    .array(
      z
        .object({
          name: z.string().min(1),
          type: z.literal('file'),
          orgId: z.int().positive(),
          folder: z.string(),
          disableDeletion: z.boolean(),
          options: z.object({ path: z.string().startsWith('/') }).loose(),
        })
        .loose(),
    )
    .min(1),
});

describe('Grafana provisioning', () => {
  const schema = createGenerator({
    path: grafanaSchemaTypes,
    type: 'Dashboard',
    skipTypeCheck: true,
    expose: 'export',
    topRef: true,
  }).createSchema('Dashboard');
  const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);

  it('has the three dashboards, each valid against the schema derived from @grafana/schema', () => {
    expect(dashboardFiles.sort()).toEqual(['device-health.json', 'hall-live.json', 'service-quality.json']);
    for (const file of dashboardFiles) {
      const ok = validate(readJson(file));
      expect(ok, `${file}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
    }
  });

  it('the derived schema does catch a broken dashboard', () => {
    const broken = { ...readJson('hall-live.json'), panels: 'not a list', schemaVersion: 'thirty-nine' };
    expect(validate(broken)).toBe(false);
    expect(validate.errors?.map((e) => e.instancePath)).toEqual(expect.arrayContaining(['/panels', '/schemaVersion']));
  });

  it('the committed JSON is what src/dashboards.ts builds (run npm run grafana:build after a change)', () => {
    for (const [name, build] of Object.entries(dashboards))
      expect(readJson(`${name}.json`)).toEqual(JSON.parse(JSON.stringify(build())));
  });

  it('every panel queries the provisioned datasource by its fixed uid, in InfluxQL', () => {
    const ds = datasourceFile.parse(parse(readFileSync(join(root, 'provisioning/datasources/influxdb.yaml'), 'utf8')));
    const uid = ds.datasources[0]?.uid;
    const uids = new Set<string>();
    for (const file of dashboardFiles) {
      const d = readJson(file) as {
        uid: string;
        panels: Array<{
          datasource: { uid: string };
          targets: Array<{ datasource: { uid: string }; rawQuery: boolean; query: string }>;
        }>;
      };
      expect(uids.has(d.uid)).toBe(false);
      uids.add(d.uid);
      for (const p of d.panels) {
        expect(p.datasource.uid).toBe(uid);
        for (const t of p.targets) {
          expect(t.datasource.uid).toBe(uid);
          expect(t.rawQuery).toBe(true);
          expect(t.query).toMatch(/^SELECT .* FROM .*\$timeFilter/);
        }
      }
    }
  });

  it('provisioning YAML matches our schemas, and docker-compose.yml mounts and feeds it', () => {
    const ds = datasourceFile.parse(parse(readFileSync(join(root, 'provisioning/datasources/influxdb.yaml'), 'utf8')));
    const providers = dashboardProviderFile.parse(
      parse(readFileSync(join(root, 'provisioning/dashboards/hall.yaml'), 'utf8')),
    );
    const compose = parse(readFileSync(join(root, '../docker-compose.yml'), 'utf8')) as {
      services: Record<string, { volumes?: string[]; environment?: Record<string, string> }>;
    };
    const grafana = compose.services.grafana;
    expect(grafana?.volumes).toEqual(
      expect.arrayContaining([
        './grafana/provisioning:/etc/grafana/provisioning:ro',
        `./grafana/dashboards:${providers.providers[0]?.options.path}:ro`,
      ]),
    );
    // Every ${VAR} the datasource uses is set in the Grafana container's environment.
    const vars = [...JSON.stringify(ds).matchAll(/\$\{([A-Z_]+)\}/g)].map((m) => m[1] as string);
    expect(vars.length).toBeGreaterThan(0);
    for (const v of vars) expect(Object.keys(grafana?.environment ?? {}), v).toContain(v);
    expect(() =>
      datasourceFile.parse({
        ...ds,
        datasources: [{ ...ds.datasources[0], secureJsonData: { httpHeaderValue1: 'Token abc123' } }],
      }),
    ).toThrow(/environment/);
  });
});
