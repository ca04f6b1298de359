import type { IDataObject } from 'n8n-workflow';

import { RequestMemory, SEEN_LIMIT, SEEN_TTL_MS } from '../../nodes/NanoBananaTrigger/helpers/seen';

let scopeCount = 0;
const scope = () => `workflow-${++scopeCount}:Nano Banana Trigger`;

describe('Nano Banana Trigger request memory', () => {
	it('lets a request id through once, also while the first delivery is still being handled', () => {
		const s = scope();
		const first = new RequestMemory({}, s);
		const second = new RequestMemory({}, s);
		expect(first.claim('a')).toBe(true);
		// A copy arriving before the first one was saved: static data is loaded per request.
		expect(second.claim('a')).toBe(false);
	});

	it('saves the union: deliveries handled together do not overwrite each other', () => {
		const s = scope();
		const loadedByA: IDataObject = {};
		const loadedByB: IDataObject = {};
		const a = new RequestMemory(loadedByA, s);
		const b = new RequestMemory(loadedByB, s);
		a.claim('a');
		b.claim('b');
		a.commit();
		b.commit();
		expect(Object.keys(loadedByB.falRequestIds as object).sort()).toEqual(['a', 'b']);
		// After a restart only the stored ids count: they still refuse a repeat.
		const restarted = new RequestMemory({ falRequestIds: loadedByB.falRequestIds }, scope());
		expect(restarted.claim('a')).toBe(false);
		expect(restarted.claim('c')).toBe(true);
	});

	it('gives an id back after a failure, so the retried delivery runs', () => {
		const s = scope();
		const memory = new RequestMemory({}, s);
		expect(memory.claim('x')).toBe(true);
		memory.release('x');
		expect(new RequestMemory({}, s).claim('x')).toBe(true);
	});

	it('keeps at most the newest ids within a day', () => {
		let now = 1_000_000;
		const data: IDataObject = { falRequestIds: { old: now - SEEN_TTL_MS - 1 } };
		const memory = new RequestMemory(data, scope(), () => now);
		for (let i = 0; i < SEEN_LIMIT + 5; i++) {
			now++;
			memory.claim(`id-${i}`);
		}
		memory.commit();
		const kept = Object.keys(data.falRequestIds as object);
		expect(kept).toHaveLength(SEEN_LIMIT);
		expect(kept).not.toContain('old');
		expect(kept).not.toContain('id-0');
		expect(kept).toContain(`id-${SEEN_LIMIT + 4}`);
	});
});
