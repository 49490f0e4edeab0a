// Lint for the whole repository. Besides the usual rules it enforces the dependency rules of the parts
// (DESIGN.md §2, ARCHITECTURE.md): which package may import which, and which files may touch protocol
// and database libraries. scripts/lint/boundaries.unit.test.ts proves each rule on fixtures.
import js from '@eslint/js';
import { importX } from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const pkg = (name) => [`@hall/${name}`, `@hall/${name}/*`];

/** A restriction: the import specifiers it forbids, and whether `import type` is still allowed. */
const forbid = (group, message, allowTypeImports = false) => ({ group, message, allowTypeImports });

const HARNESS = forbid(pkg('scripts'), 'The test harness is for tests only.');
const rules = {
  // An allow-list: anything but zod, node: built-ins and the package's own files.
  devices: [{ regex: '^(?!zod(/|$)|node:|\\.{1,2}/)', message: 'devices/ is the contract: it depends on zod only.' }],
  devicesTests: [
    {
      regex: '^(?!zod(/|$)|node:|vitest$|\\.{1,2}/)',
      message: 'devices/ tests use zod, vitest and the package itself only.',
    },
  ],
  simulators: [
    forbid(
      [...pkg('edge'), ...pkg('cloud'), ...pkg('console')],
      'Simulators talk to the hub over the wire; they import devices/ only.',
    ),
  ],
  edge: [
    forbid(pkg('cloud'), 'edge/ may import cloud/ for types only (import type).', true),
    forbid(pkg('console'), 'edge/ does not import console/.'),
  ],
  // The hub's code never imports the simulators; its tests drive it with them, over the wire.
  edgeSource: [forbid(pkg('simulators'), 'edge/ imports devices/ only; only its tests use the simulators.')],
  edgeFeatures: [
    forbid(
      [
        'aedes',
        'aedes-*',
        'mqtt',
        'ws',
        'modbus-serial',
        'node-opcua',
        'node-opcua-*',
        '@influxdata/*',
        'better-sqlite3',
      ],
      'Only edge/src/adapters and edge/src/store touch protocol and storage libraries; features use the event bus.',
    ),
  ],
  // Features meet on the bus and through read-models.ts (views handed in by hub.ts), never directly.
  edgeFeaturesApart: [
    {
      regex: '^\\.\\./[^./][^/]*/',
      message:
        'A feature does not import another feature: features meet on the bus and through edge/src/read-models.ts, handed in by hub.ts.',
    },
  ],
  cloud: [
    forbid(pkg('edge'), 'cloud/ may import edge/ for types only (import type).', true),
    forbid([...pkg('simulators'), ...pkg('console')], 'cloud/ does not import simulators/ or console/.'),
  ],
  cloudModules: [
    forbid(
      ['drizzle-orm', 'drizzle-orm/*', 'postgres', '@electric-sql/pglite'],
      'Only repositories (*.repository.ts) and tables (*.table.ts) touch the database.',
    ),
  ],
  // Engines (cloud/src/engines/<engine>/) are pure libraries: computation only, no database, no module.
  // An allow-list of packages, and no relative path out of the engines' folder.
  cloudEngines: [
    {
      regex: '^(?!zod(/|$)|node:|highs$|mathjs$|pure-rand(/|$)|@node-rs/jieba(/|$)|unpdf$|\\.{1,2}/)',
      message:
        "An engine (cloud/src/engines) is a pure library: zod, highs, mathjs (its parser), pure-rand, jieba (word cutting), unpdf (a PDF's text) and node: built-ins only.",
    },
    {
      regex: '^\\.\\./\\.\\./|(^|/)(modules|db)(/|$)',
      message:
        'An engine (cloud/src/engines) imports nothing from cloud/src/modules, the database or the rest of the cloud.',
    },
  ],
  console: [
    forbid(
      [...pkg('cloud'), ...pkg('edge')],
      'console/ imports the router types of cloud/ and edge/ only (import type).',
      true,
    ),
    forbid(pkg('simulators'), 'console/ does not import simulators/.'),
  ],
  hallPages: [
    forbid(['zod', 'zod/*', 'drizzle-orm', 'drizzle-orm/*'], 'The in-hall pages stay tiny: no zod or drizzle in them.'),
  ],
};

const restrict = (...groups) => ({
  '@typescript-eslint/no-restricted-imports': ['error', { patterns: groups.flat() }],
});

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/.tsbuild/**',
      '**/dist/**',
      '.artifacts/**',
      '**/.data/**',
      'scripts/lint/fixtures/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver': { node: { extensions: ['.ts', '.tsx', '.js'] } } },
    rules: {
      // A relative path that lands in another package (by its package.json) must use the package name,
      // or the rules above could be dodged with '../../edge/src/...'.
      'import-x/no-relative-packages': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      'no-console': 'error',
    },
  },
  // Package boundaries. Each block restates the whole list for its files: ESLint does not merge a rule's
  // options across blocks, the last matching block wins.
  { files: ['devices/**/*.ts'], rules: restrict(rules.devices) },
  { files: ['devices/**/*.test.ts'], rules: restrict(rules.devicesTests) },
  { files: ['simulators/**/*.ts'], rules: restrict(rules.simulators) },
  { files: ['simulators/src/**/*.ts'], ignores: ['**/*.test.ts'], rules: restrict(rules.simulators, HARNESS) },
  { files: ['edge/**/*.ts'], rules: restrict(rules.edge) },
  { files: ['edge/src/**/*.ts'], ignores: ['**/*.test.ts'], rules: restrict(rules.edge, rules.edgeSource, HARNESS) },
  {
    files: ['edge/src/**/*.ts'],
    ignores: ['edge/src/adapters/**', 'edge/src/store/**', 'edge/src/hub.ts', 'edge/src/main.ts', '**/*.test.ts'],
    rules: restrict(rules.edge, rules.edgeSource, rules.edgeFeatures, HARNESS),
  },
  {
    files: ['edge/src/features/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: restrict(rules.edge, rules.edgeSource, rules.edgeFeatures, rules.edgeFeaturesApart, HARNESS),
  },
  { files: ['cloud/**/*.ts'], rules: restrict(rules.cloud) },
  { files: ['cloud/src/**/*.ts'], ignores: ['**/*.test.ts'], rules: restrict(rules.cloud, HARNESS) },
  {
    files: ['cloud/src/modules/**/*.ts'],
    ignores: ['**/*.repository.ts', '**/*.table.ts', '**/*.test.ts'],
    rules: restrict(rules.cloud, rules.cloudModules, HARNESS),
  },
  {
    files: ['cloud/src/engines/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: restrict(rules.cloud, rules.cloudEngines, HARNESS),
  },
  { files: ['console/**/*.{ts,tsx}'], rules: restrict(rules.console) },
  { files: ['console/src/**/*.{ts,tsx}'], ignores: ['**/*.test.{ts,tsx}'], rules: restrict(rules.console, HARNESS) },
  {
    files: ['console/src/hall/**/*.{ts,tsx}'],
    ignores: ['**/*.test.{ts,tsx}'],
    rules: restrict(rules.console, rules.hallPages, HARNESS),
  },
  // Command-line entry points and the harness talk to a terminal.
  {
    files: ['scripts/**/*.ts', '**/src/cli/**/*.ts', '**/src/main.ts', '**/bench/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
