/** Counters behind GET /_sandbox/stats: what the clients did, as the sandbox saw it. */
import type { DeliveryAttempt, SandboxStats } from './types';

/** "/api/patients/123/" -> "/api/patients/{id}" (ids never reach the log or the stats). */
export function normalisePath(pathname: string): string {
	const trimmed = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
	if (trimmed.startsWith('/_sandbox/files/')) return '/_sandbox/files/{key}';
	return trimmed.replace(/\/\d+(?=\/|$)/g, '/{id}');
}

export class StatsCollector {
	calls = 0;
	callsByApp: Record<string, number> = {};
	callsByPath: Record<string, number> = {};
	rateLimited = 0;
	unauthorized = 0;
	created: Record<string, number> = {};
	responsesByStatus: Record<string, number> = {};
	deliveries: SandboxStats['deliveries'] = [];

	countCall(clientId: string, methodAndPath: string): void {
		this.calls++;
		this.callsByApp[clientId] = (this.callsByApp[clientId] ?? 0) + 1;
		this.callsByPath[methodAndPath] = (this.callsByPath[methodAndPath] ?? 0) + 1;
	}

	countCreated(resource: string, n: number): void {
		this.created[resource] = (this.created[resource] ?? 0) + n;
	}

	countStatus(status: number): void {
		this.responsesByStatus[status] = (this.responsesByStatus[status] ?? 0) + 1;
	}

	recordDelivery(a: DeliveryAttempt): void {
		this.deliveries.push({ id: a.id, event: a.event, attempt: a.attempt, status: a.status, ...(a.error ? { error: a.error } : {}), at: a.at, clientId: a.clientId });
	}

	reset(): void {
		this.calls = 0;
		this.callsByApp = {};
		this.callsByPath = {};
		this.rateLimited = 0;
		this.unauthorized = 0;
		this.created = {};
		this.responsesByStatus = {};
		this.deliveries = [];
	}
}
