/**
 * Jest config for the real-n8n end-to-end suite (test/e2e/**\/*.e2e.test.ts).
 *   npx jest -c test/e2e/lib/jest.e2e.config.js [--testNamePattern ...]
 * One worker: each test file starts its own n8n (2 cores, ~1 GB RAM each); long timeouts because
 * the first run installs n8n into .cache/n8n (minutes, see scripts/n8n/README.md).
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
	maxWorkers: 1,
	testTimeout: 10 * 60_000,
	// n8n child processes are killed by the harness; don't let a stuck one hold jest forever.
	forceExit: true,
};
