import { appointment } from './appointment';
import { doctor } from './doctor';
import { patient } from './patient';
import type { ResourceSpec } from './types';

/** Every resource the DrChrono node offers; each is described once, in its own file. */
export const resources: ResourceSpec[] = [appointment, doctor, patient].sort((a, b) =>
	a.name.localeCompare(b.name),
);

export const resourcesByValue: Record<string, ResourceSpec> = Object.fromEntries(
	resources.map((r) => [r.value, r]),
);

export type { ResourceSpec } from './types';
