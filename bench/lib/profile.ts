/** Reading V8 CPU profiles (.cpuprofile): self time per source area and per function. */

export interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	hitCount?: number;
	children?: number[];
}

export type CpuProfile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

/** Self time (µs) per source area (package / n8n-core / axios / undici / node internals / GC ...) and per function. */
export function selfTimes(profile: CpuProfile): { areas: Map<string, number>; functions: Map<string, number>; total: number } {
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const selfUs = new Map<number, number>();
	profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
	const area = (node: ProfileNode): string => {
		const { url, functionName } = node.callFrame;
		if (functionName === '(garbage collector)') return 'garbage collector';
		if (functionName === '(idle)') return 'idle (waiting for the sandbox)';
		if (functionName === '(program)') return 'V8 / native (program)';
		if (!url) return `native: ${functionName || '(anonymous)'}`;
		if (url.includes('/nodes/DrChrono/')) return 'this package (nodes/DrChrono)';
		if (url.includes('/test/harness/')) return 'test harness';
		const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
		if (m) return `node_modules/${m[1]}`;
		if (url.startsWith('node:')) return `node internals (${url.replace(/^node:/, '').split('/')[0]})`;
		return url;
	};
	const totals = new Map<string, number>();
	const fns = new Map<string, number>();
	let all = 0;
	for (const [id, us] of selfUs) {
		const node = byId.get(id);
		if (!node) continue;
		all += us;
		const a = area(node);
		totals.set(a, (totals.get(a) ?? 0) + us);
		const fn = `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/\/work\/main\//, '')}:${node.callFrame.lineNumber + 1}`;
		fns.set(fn, (fns.get(fn) ?? 0) + us);
	}
	return { areas: totals, functions: fns, total: all };
}

