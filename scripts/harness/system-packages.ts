/**
 * The programs the suite needs from Debian. Missing ones are installed with apt-get (after one
 * `apt-get update`); without root the run stops and says which command would install them.
 */
import { existsSync, readdirSync } from 'node:fs';
import { run } from './process.ts';

export interface Requirement {
  what: string;
  packages: string[];
  present: () => Promise<boolean>;
}

function onPath(name: string): boolean {
  return (process.env.PATH ?? '').split(':').some((dir) => dir && existsSync(`${dir}/${name}`));
}

/** The directory of PostgreSQL 15's server binaries (Debian keeps them off PATH). */
export function postgresBinDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (existsSync(`${root}/15/bin/initdb`)) return `${root}/15/bin`;
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).filter((v) => Number(v) >= 15 && existsSync(`${root}/${v}/bin/initdb`));
  versions.sort((a, b) => Number(a) - Number(b));
  return versions[0] ? `${root}/${versions[0]}/bin` : null;
}

/** Debian's python, not whatever python3 comes first on PATH: the pymodbus package is installed for it. */
export const SYSTEM_PYTHON = '/usr/bin/python3';

export const requirements: Requirement[] = [
  { what: 'PostgreSQL 15 server', packages: ['postgresql-15'], present: async () => postgresBinDir() !== null },
  { what: 'InfluxDB 1.x server', packages: ['influxdb'], present: async () => existsSync('/usr/bin/influxd') },
  {
    what: 'mosquitto_pub / mosquitto_sub',
    packages: ['mosquitto-clients'],
    present: async () => onPath('mosquitto_pub') && onPath('mosquitto_sub'),
  },
  { what: 'mbpoll', packages: ['mbpoll'], present: async () => onPath('mbpoll') },
  {
    what: 'pymodbus for the system python',
    packages: ['python3-pymodbus', 'python3-serial', 'python3-serial-asyncio'],
    present: () =>
      run(SYSTEM_PYTHON, ['-c', 'import pymodbus, serial, serial_asyncio']).then(
        () => true,
        () => false,
      ),
  },
  { what: 'Chromium', packages: ['chromium'], present: async () => existsSync('/usr/bin/chromium') },
  // The pages speak Chinese first: without a CJK font the browser tests' screenshots show boxes.
  {
    what: 'a Chinese font (Noto CJK)',
    packages: ['fonts-noto-cjk'],
    present: async () => existsSync('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc'),
  },
  // The daily report's PDF is checked by extracting its text and rendering its pages.
  {
    what: 'pdftotext / pdftoppm (poppler)',
    packages: ['poppler-utils'],
    present: async () => onPath('pdftotext') && onPath('pdftoppm'),
  },
  { what: 'openssl (test certificates)', packages: ['openssl'], present: async () => onPath('openssl') },
];

export async function missingRequirements(): Promise<Requirement[]> {
  const missing: Requirement[] = [];
  for (const req of requirements) if (!(await req.present())) missing.push(req);
  return missing;
}

/** Installs whatever is missing; returns what it installed. Throws with a clear message when it cannot. */
export async function ensureSystemPackages(log: (line: string) => void): Promise<string[]> {
  const missing = await missingRequirements();
  if (missing.length === 0) return [];
  const packages = missing.flatMap((m) => m.packages);
  log(`installing ${packages.join(' ')} (missing: ${missing.map((m) => m.what).join(', ')})`);
  if (process.getuid?.() !== 0) {
    throw new Error(
      `missing ${missing.map((m) => m.what).join(', ')}; run as root: apt-get update && apt-get install -y ${packages.join(' ')}`,
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await run('apt-get', ['update', '-q'], { env });
  await run('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...packages], { env });
  const still = await missingRequirements();
  if (still.length) throw new Error(`apt-get ran but these are still missing: ${still.map((m) => m.what).join(', ')}`);
  return packages;
}
