import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

// The layers of server/src, lowest first (ARCHITECTURE.md): a layer imports only
// from itself and the layers before it. `host` is beside them: the core may use its
// interface (types), only shells construct its Node implementation. `parsing` (the
// worker pool) is beside them too, on the shells' side: it implements the model's
// BlockParser, and only the shells construct it.
const S = './server/src';
const layer = (target, from, message) => ({ target, from, message });
const zones = [
  // model: the report model; imports nothing else of the server.
  layer(`${S}/model`, [`${S}/catalog`, `${S}/tickets`, `${S}/rules`, `${S}/engine`, `${S}/features`, `${S}/host`, `${S}/parsing`, `${S}/server.ts`, `${S}/cli.ts`, `${S}/cli`, `${S}/bin`, `${S}/lsp`], 'model is the lowest layer: it imports only model.'),
  // catalog (catalog/ and tickets/): data about identifiers; model and the host interface below it.
  layer(`${S}/catalog`, [`${S}/rules`, `${S}/engine`, `${S}/features`, `${S}/server.ts`, `${S}/cli.ts`, `${S}/cli`, `${S}/bin`, `${S}/lsp`], 'catalog imports only model, host and catalog.'),
  layer(`${S}/tickets`, [`${S}/rules`, `${S}/engine`, `${S}/features`, `${S}/server.ts`, `${S}/cli.ts`, `${S}/cli`, `${S}/bin`, `${S}/lsp`], 'tickets (catalog layer) imports only model, host and catalog.'),
  // rules: pure functions of an analysis and the catalogs.
  layer(`${S}/rules`, [`${S}/engine`, `${S}/features`, `${S}/host`, `${S}/server.ts`, `${S}/cli.ts`, `${S}/cli`, `${S}/bin`, `${S}/lsp`], 'rules import only model, catalog and rules (no host: rules do no I/O).'),
  // engine: caches analyses, runs the rules.
  layer(`${S}/engine`, [`${S}/features`, `${S}/server.ts`, `${S}/cli.ts`, `${S}/cli`, `${S}/bin`, `${S}/lsp`], 'engine imports only model, catalog, rules, host and engine.'),
  // features: one provider per LSP feature or use case.
  layer(`${S}/features`, [`${S}/server.ts`, `${S}/cli.ts`, `${S}/cli`, `${S}/bin`, `${S}/lsp`], 'features import no shell.'),
  // host: the I/O boundary; depends on nothing of the server.
  layer(`${S}/host`, [`${S}/model`, `${S}/catalog`, `${S}/tickets`, `${S}/rules`, `${S}/engine`, `${S}/features`, `${S}/server.ts`, `${S}/cli.ts`, `${S}/cli`, `${S}/bin`, `${S}/lsp`], 'host depends on nothing of the server.'),
  // parsing: the worker pool of the shells; it implements model's BlockParser and imports only model.
  layer(`${S}/parsing`, [`${S}/catalog`, `${S}/tickets`, `${S}/rules`, `${S}/engine`, `${S}/features`, `${S}/host`, `${S}/server.ts`, `${S}/cli.ts`, `${S}/cli`, `${S}/bin`, `${S}/lsp`], 'parsing imports only model.'),
  // Only the shells construct the parse pool; the core receives a BlockParser.
  layer([`${S}/model`, `${S}/catalog`, `${S}/tickets`, `${S}/rules`, `${S}/engine`, `${S}/features`, `${S}/host`], [`${S}/parsing`], 'only the shells (server.ts, cli.ts, bin/, lsp/) construct the parse pool; the core receives a BlockParser (model/blockParser.ts).'),
  // Only the shells construct the Node host; the core receives a Host.
  layer([`${S}/model`, `${S}/catalog`, `${S}/tickets`, `${S}/rules`, `${S}/engine`, `${S}/features`], [`${S}/host/node.ts`], 'only the shells (server.ts, cli.ts, cli/, bin/) construct the Node host; the core receives a Host.'),
  // The protocol module is shared with the client: it imports nothing.
  layer(`${S}/protocol.ts`, [`${S}/!(protocol.ts)`, `${S}/*/**`], 'protocol.ts is shared with the client and imports nothing.'),
  // The client talks to the server only through the protocol.
  layer('./client/src', [`${S}/!(protocol.ts)`, `${S}/*/**`], 'the client imports nothing of the server but server/src/protocol.ts.'),
];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.cache/', 'test-artifacts/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['server/src/**/*.ts', 'client/src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver': undefined,
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      // No cycles between modules (import-x skips type-only imports, which cannot crash by load order; layers below forbid upward ones).
      'import-x/no-cycle': ['error', { ignoreExternal: true, allowUnsafeDynamicCyclicDependency: false }],
      'import-x/no-restricted-paths': ['error', { zones }],
    },
  },
  {
    // The core (everything but the shells — server.ts, cli.ts, cli/, bin/, lsp/ —, the Node host and the parse pool) never uses the
    // LSP runtime or VS Code, and does no I/O of its own: the host does.
    files: ['server/src/**/*.ts'],
    ignores: ['server/src/server.ts', 'server/src/cli.ts', 'server/src/cli/**', 'server/src/bin/**', 'server/src/lsp/**', 'server/src/host/node.ts', 'server/src/parsing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'vscode', message: 'The server never imports vscode.' },
            { name: 'vscode-languageserver', message: 'Only the shells (server.ts, bin/) use the LSP runtime; the core uses vscode-languageserver-types.' },
            { name: 'vscode-languageserver/node', message: 'Only the shells (server.ts, bin/) use the LSP runtime.' },
            { name: 'node:fs', message: 'The core does no file I/O: use the Host (server/src/host/host.ts).' },
            { name: 'node:fs/promises', message: 'The core does no file I/O: use the Host (server/src/host/host.ts).' },
            { name: 'fs', message: 'The core does no file I/O: use the Host.' },
            { name: 'node:os', message: 'The core reads no machine state: use the Host.' },
            { name: 'node:worker_threads', message: 'The core starts no thread: the shells pass a BlockParser (server/src/parsing/pool.ts).' },
          ],
        },
      ],
    },
  },
);
