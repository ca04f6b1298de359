import type { LatencyResult } from './latency';
import { signedMb, signedMs } from './format';
import { IMAGES_PER_ITEM, MEMORY_ITEMS, type MemoryResult } from './memory';
import { median } from './stats';
import type { ThroughputResult } from './throughput';

export const LATENCY_TARGET_MS = 50;
export const THROUGHPUT_SLACK = 0.1;
/** The node's rise may exceed n8n's own HTTP Request node's rise for the same downloads by this. */
export const MEMORY_SLACK = 0.1;

export type Verdict = 'PASS' | 'MISS' | 'SKIP' | 'FAIL';

export interface TargetCheck {
	target: string;
	verdict: Verdict;
	detail: string;
}

export function oursMedianOverhead(latency: LatencyResult): number {
	return median(latency.samples.find((s) => s.key === 'ours')?.overheadsMs ?? []);
}

/** Ideal batch time: the items go through in rounds of `concurrency`, each round taking T. */
export function idealBatchMs(throughput: ThroughputResult): number {
	return Math.ceil(throughput.items / throughput.concurrency) * throughput.tMs;
}

export function oursBatchMs(throughput: ThroughputResult): number {
	return median(throughput.samples.find((s) => s.key === 'ours')?.wallMs ?? []);
}

export function checkTargets(
	latency: LatencyResult,
	throughput: ThroughputResult,
	memory: MemoryResult,
): TargetCheck[] {
	const overhead = oursMedianOverhead(latency);
	const limit = idealBatchMs(throughput) * (1 + THROUGHPUT_SLACK);
	const batch = oursBatchMs(throughput);
	const checks: TargetCheck[] = [
		{
			target: `one request overhead ≤ ${LATENCY_TARGET_MS} ms`,
			verdict: overhead <= LATENCY_TARGET_MS ? 'PASS' : 'MISS',
			detail: `median ${signedMs(overhead)}`,
		},
		{
			target: `throughput ≤ ${throughput.items / throughput.concurrency}·T + ${THROUGHPUT_SLACK * 100} %`,
			verdict: batch <= limit ? 'PASS' : 'MISS',
			// Milliseconds: at 10 ms resolution a near miss would print as equal to the limit.
			detail: `${Math.round(batch)} ms for ${throughput.items} items (limit ${Math.round(limit)} ms)`,
		},
	];
	const images = `${MEMORY_ITEMS}×${IMAGES_PER_ITEM} images`;
	const memoryTarget = `n8n 2.x memory for ${images} ≤ n8n's HTTP Request node for the same downloads + ${MEMORY_SLACK * 100} %`;
	if ('skipped' in memory) {
		checks.push({ target: memoryTarget, verdict: 'SKIP', detail: memory.skipped });
	} else if ('failed' in memory) {
		checks.push({ target: memoryTarget, verdict: 'FAIL', detail: memory.failed.split('\n')[0] });
	} else {
		const { ours, http, limit } = memoryRises(memory);
		const expected = memory.many.items * IMAGES_PER_ITEM;
		const complete =
			memory.many.outputItems === expected && memory.httpMany.outputItems === expected;
		checks.push({
			target: memoryTarget,
			verdict: ours <= limit && complete ? 'PASS' : 'MISS',
			detail:
				`${signedMb(ours)} vs HTTP Request ${signedMb(http)} (limit ${signedMb(limit)}), ` +
				`${memory.many.outputItems} and ${memory.httpMany.outputItems} of ${expected} output items`,
		});
	}
	return checks;
}

/** Peak RSS rises over the 4-download runs: the node's, n8n's HTTP Request node's, and the limit. */
export function memoryRises(memory: Extract<MemoryResult, { many: unknown }>): {
	ours: number;
	http: number;
	limit: number;
} {
	const ours = memory.many.peakBytes - memory.single.peakBytes;
	const http = memory.httpMany.peakBytes - memory.httpSingle.peakBytes;
	return { ours, http, limit: http * (1 + MEMORY_SLACK) };
}
