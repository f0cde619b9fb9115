/**
 * The cursor's choice on rows that lack the list's change time (a null `updated_at` on a list that
 * has one): emitted once while unchanged, again when their content changes, and forgotten once
 * the list no longer shows them.
 */
import type { IDataObject } from 'n8n-workflow';

import { selectChanges } from '../../nodes/DrChrono/poll/cursor';
import type { CursorState } from '../../nodes/DrChrono/poll/cursor';

const LIST = { timeFields: ['updated_at'], idField: 'id' };
const at = (ms: number) => ({ startedAt: ms, now: ms });

test('a row without a change time on a timed list is emitted once, again when it changes, and not kept after it leaves the list', () => {
	let state: CursorState = { v: 1, scope: 's', cursor: '2026-12-01T10:00:00', seen: [] };
	const untimed: IDataObject = { id: 7, updated_at: null, title: 'A' };
	const timed = (s: number): IDataObject => ({ id: 8, updated_at: `2026-12-01T10:00:${String(10 + s).padStart(2, '0')}` });
	const emitted: unknown[] = [];
	const t0 = Date.parse('2026-12-01T10:00:00Z');
	for (let poll = 0; poll < 4; poll++) {
		const { emit, next } = selectChanges(state, [untimed, timed(poll)], LIST, at(t0 + poll * 60_000));
		emitted.push(...emit.map((e) => `${String(e.record.id)}:${String(e.record.updated_at ?? e.record.title)}`));
		state = next;
	}
	expect(emitted).toEqual(['7:A', '8:2026-12-01T10:00:10', '8:2026-12-01T10:00:11', '8:2026-12-01T10:00:12', '8:2026-12-01T10:00:13']);
	const changed = selectChanges(state, [{ ...untimed, title: 'B' }], LIST, at(t0 + 300_000));
	expect(changed.emit.map((e) => e.record.title)).toEqual(['B']);
	const gone = selectChanges(changed.next, [], LIST, at(t0 + 360_000));
	expect(gone.next.seen.filter((key) => key.startsWith('7'))).toEqual([]);
});
