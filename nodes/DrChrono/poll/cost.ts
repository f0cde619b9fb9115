/**
 * What n8n's Poll Times cost against the app's hourly quota: an idle poll is one call, so the
 * number of polls per hour is the floor of the cost. Also the shortest gap between two polls,
 * which bounds how long a poll may wait for quota (it must never run into the next one).
 */
import type { IDataObject } from 'n8n-workflow';

const DAY_S = 86_400;

type Field = number[];

/** Values a cron field allows: `*`, `*\/n`, `a-b`, `a-b/n`, `a,b,c`. Undefined if unreadable. */
function cronField(text: string, min: number, max: number): Field | undefined {
	const out = new Set<number>();
	for (const part of text.split(',')) {
		const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part.trim());
		if (!m) return undefined;
		const from = m[1] === '*' ? min : Number(m[2]);
		const to = m[1] === '*' ? max : m[3] !== undefined ? Number(m[3]) : m[4] !== undefined ? max : from;
		const step = m[4] !== undefined ? Number(m[4]) : 1;
		if (step < 1 || from < min || to > max || from > to) return undefined;
		for (let v = from; v <= to; v += step) out.add(v);
	}
	return [...out].sort((a, b) => a - b);
}

interface Schedule {
	/** Seconds of the day at which it fires (on the days it fires). */
	times: number[];
	/** Share of days it fires on. */
	dayShare: number;
}

function scheduleOf(item: IDataObject): Schedule | undefined {
	const num = (v: unknown, fallback: number) => (Number.isFinite(Number(v)) ? Number(v) : fallback);
	const minute = num(item.minute, 0);
	const hour = num(item.hour, 0);
	switch (item.mode) {
		case 'everyMinute':
			return fromFields([0], range(0, 59), range(0, 23), 1);
		case 'everyHour':
			return fromFields([0], [minute], range(0, 23), 1);
		case 'everyX': {
			const value = Math.max(1, num(item.value, 1));
			if (item.unit === 'hours') return fromFields([0], [0], stepped(0, 23, value), 1);
			return fromFields([0], stepped(0, 59, value), range(0, 23), 1);
		}
		case 'everyDay':
			return fromFields([0], [minute], [hour], 1);
		case 'everyWeek':
			return fromFields([0], [minute], [hour], 1 / 7);
		case 'everyMonth':
			return fromFields([0], [minute], [hour], 12 / 365);
		case 'custom':
			return fromCron(String(item.cronExpression ?? ''));
		default:
			return undefined;
	}
}

function range(from: number, to: number): number[] {
	return stepped(from, to, 1);
}

function stepped(from: number, to: number, step: number): number[] {
	const out: number[] = [];
	for (let v = from; v <= to; v += step) out.push(v);
	return out;
}

function fromFields(seconds: Field, minutes: Field, hours: Field, dayShare: number): Schedule {
	const times: number[] = [];
	for (const h of hours) for (const m of minutes) for (const s of seconds) times.push(h * 3600 + m * 60 + s);
	return { times, dayShare };
}

function fromCron(expression: string): Schedule | undefined {
	const fields = expression.trim().split(/\s+/);
	if (fields.length !== 5 && fields.length !== 6) return undefined;
	const [sec, min, hour, dom, , dow] = fields.length === 6 ? fields : ['0', ...fields];
	const seconds = cronField(sec, 0, 59);
	const minutes = cronField(min, 0, 59);
	const hours = cronField(hour, 0, 23);
	const days = cronField(dom, 1, 31);
	const weekdays = cronField(dow.replace(/\b7\b/g, '0'), 0, 6);
	if (!seconds || !minutes || !hours || !days || !weekdays) return undefined;
	const dayShare = dom !== '*' ? days.length / 30.44 : dow !== '*' ? weekdays.length / 7 : 1;
	return fromFields(seconds, minutes, hours, Math.min(1, dayShare));
}

export interface PollCost {
	/** Polls per hour on average, i.e. calls per hour when nothing changes. */
	callsPerHour: number;
	/** Shortest time between two polls, in ms (a day when unknown). */
	minGapMs: number;
	/** False when a Poll Times entry could not be read (a custom cron this does not parse). */
	known: boolean;
}

/** The cost of n8n's `pollTimes` parameter (`{ item: [{ mode, ... }] }`). */
export function pollCost(pollTimes: IDataObject | undefined): PollCost {
	const items = ((pollTimes?.item as IDataObject[] | undefined) ?? []).filter(Boolean);
	let callsPerHour = 0;
	let known = items.length > 0;
	const all = new Set<number>();
	for (const item of items) {
		const schedule = scheduleOf(item);
		if (!schedule) {
			known = false;
			continue;
		}
		callsPerHour += (schedule.times.length * schedule.dayShare) / 24;
		for (const t of schedule.times) all.add(t);
	}
	const times = [...all].sort((a, b) => a - b);
	let minGap = DAY_S;
	for (let i = 0; i < times.length; i++) {
		const next = i + 1 < times.length ? times[i + 1] : times[0] + DAY_S;
		if (times.length > 1 || i === 0) minGap = Math.min(minGap, next - times[i]);
	}
	return { callsPerHour: Math.round(callsPerHour * 100) / 100, minGapMs: minGap * 1000, known };
}

/**
 * The canvas subtitle: the event and what the Poll Times cost per hour when nothing changes. An
 * n8n expression, so it follows the user's edits; it mirrors pollCost for the common modes.
 */
export const COST_SUBTITLE =
	'={{ (() => { const items = ($parameter["pollTimes"] || {}).item || []; let n = 0; for (const i of items) { const m = i.mode; if (m === "everyMinute") n += 60; else if (m === "everyHour") n += 1; else if (m === "everyX") n += i.unit === "hours" ? Math.ceil(24 / Math.max(1, i.value)) / 24 : Math.ceil(60 / Math.max(1, i.value)); else if (m === "everyDay") n += 1 / 24; else if (m === "everyWeek") n += 1 / 168; else if (m === "everyMonth") n += 1 / 730; else return "custom schedule"; } return Math.round(n * 100) / 100 + " calls/hour when idle"; })() }}';
