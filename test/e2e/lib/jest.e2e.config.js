/**
 * Jest config for the real-n8n end-to-end suite (test/e2e/**\/*.e2e.test.ts).
 *   npx jest -c test/e2e/lib/jest.e2e.config.js [--testNamePattern ...]
 * One worker. The global setup packs the package and starts one n8n per line of N8N_E2E_LINES with
 * it installed as users install it (lib/shared.ts); files use it through sharedN8n(line), a file
 * that needs other settings starts its own. N8N_E2E_SHARED=0: no global start (sharedN8n() then
 * starts an instance per file). Long timeouts because the first run installs n8n into the cache
 * (minutes, see scripts/n8n/README.md).
 */
const path = require('path');

module.exports = {
	rootDir: path.resolve(__dirname, '..', '..', '..'),
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.test.ts'],
	testPathIgnorePatterns: ['/node_modules/'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { isolatedModules: true, tsconfig: '<rootDir>/tsconfig.test.json' }],
	},
	globalSetup: '<rootDir>/test/e2e/lib/global-setup.ts',
	globalTeardown: '<rootDir>/test/e2e/lib/global-teardown.ts',
	maxWorkers: 1,
	testTimeout: 10 * 60_000,
	// n8n child processes are killed by the harness; don't let a stuck one hold jest forever.
	forceExit: true,
};
