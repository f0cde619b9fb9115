/**
 * Import this first in every bench entry point.
 *
 * tsx resolves an extensionless `require('./DrChrono.node')` to `DrChrono.node.json` before
 * `DrChrono.node.ts`, because Node tries the registered extensions in order and `.json` is
 * registered before tsx adds `.ts` (jest tries `.ts` first, so tests don't see this). Moving `.json`
 * to the end makes the benches load the same TypeScript sources the tests do. Explicit `*.json`
 * requires are unaffected.
 */
import Module from 'node:module';

const extensions = (Module as unknown as { _extensions: Record<string, unknown> })._extensions;
const json = extensions['.json'];
if (json !== undefined) {
	delete extensions['.json'];
	extensions['.json'] = json;
}
