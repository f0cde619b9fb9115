/** Small seeded PRNG (mulberry32): deterministic demo data and fault dice without dependencies. */

// Globals captured once: under jest's vm sandbox every global lookup is slow, and seeding calls
// these millions of times.
const { imul, floor } = Math;
const toStr = String;
export class Random {
	private state: number;

	constructor(seed: number) {
		this.state = seed >>> 0 || 0x9e3779b9;
	}

	/** Uniform in [0, 1). */
	next(): number {
		let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
		t = imul(t ^ (t >>> 15), t | 1);
		t ^= t + imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}

	/** Integer in [min, max]. */
	int(min: number, max: number): number {
		return min + floor(this.next() * (max - min + 1));
	}

	pick<T>(items: readonly T[]): T {
		return items[floor(this.next() * items.length)];
	}

	chance(p: number): boolean {
		return this.next() < p;
	}

	digits(n: number): string {
		let s = '';
		for (let i = 0; i < n; i++) s += toStr(floor(this.next() * 10));
		return s;
	}
}
