import type { IDataObject } from 'n8n-workflow';

/**
 * The request ids this trigger has started executions for. Kept in the workflow's static data,
 * which n8n saves after each production delivery (both lines), so the memory survives restarts;
 * and in this process, because n8n loads static data per request and the last save wins:
 * deliveries that arrive together would otherwise each save only their own id, and two copies of
 * one delivery arriving together would both pass. Every save writes the union of both.
 */

export const SEEN_LIMIT = 2_000;
/** fal retries for two hours; a day is ample. */
export const SEEN_TTL_MS = 24 * 60 * 60 * 1000;
const FIELD = 'falRequestIds';

type Seen = Record<string, number>;

/** Per workflow and trigger node: what this process has claimed or delivered. */
const processMemory = new Map<string, Map<string, number>>();

function bounded(entries: Array<[string, number]>, now: number): Array<[string, number]> {
	return entries
		.filter(([, at]) => now - at < SEEN_TTL_MS)
		.sort((a, b) => a[1] - b[1])
		.slice(-SEEN_LIMIT);
}

export class RequestMemory {
	private readonly local: Map<string, number>;

	constructor(
		private readonly staticData: IDataObject,
		scope: string,
		private readonly now = Date.now,
	) {
		let local = processMemory.get(scope);
		if (!local) {
			local = new Map();
			processMemory.set(scope, local);
		}
		this.local = local;
	}

	private stored(): Seen {
		const value = this.staticData[FIELD];
		return value && typeof value === 'object' && !Array.isArray(value) ? (value as Seen) : {};
	}

	/** Takes the request id for this delivery; false when it was delivered (or is being) already. */
	claim(requestId: string): boolean {
		if (this.local.has(requestId) || this.stored()[requestId] !== undefined) return false;
		this.local.set(requestId, this.now());
		return true;
	}

	/** Gives the id back after a failure, so fal's next attempt is not taken for a repeat. */
	release(requestId: string): void {
		this.local.delete(requestId);
	}

	/** Writes every id known here or stored into the static data n8n saves after the answer. */
	commit(): void {
		const now = this.now();
		const merged = new Map<string, number>(Object.entries(this.stored()));
		for (const [id, at] of this.local) merged.set(id, Math.max(at, merged.get(id) ?? 0));
		const kept = bounded([...merged], now);
		this.local.clear();
		for (const [id, at] of kept) this.local.set(id, at);
		// A new object assigned, so n8n's change tracking marks the static data for saving.
		this.staticData[FIELD] = Object.fromEntries(kept);
	}
}
