/** Unit and integration tests: fast, in-process, against the local sandbox. */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { isolatedModules: true, tsconfig: 'tsconfig.test.json' }],
	},
	setupFilesAfterEnv: ['<rootDir>/test/setup/reset-trigger-memory.ts'],
	testTimeout: 30000,
};
