/** `npm run grafana:build`: writes grafana/dashboards/*.json from src/dashboards.ts. */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { dashboards } from './dashboards.ts';

for (const [name, build] of Object.entries(dashboards)) {
  const file = resolve(import.meta.dirname, '../dashboards', `${name}.json`);
  writeFileSync(file, `${JSON.stringify(build(), null, 2)}\n`);
  process.stdout.write(`wrote ${file}\n`);
}
