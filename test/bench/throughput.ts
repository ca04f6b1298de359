import { performance } from 'node:perf_hooks';

import type { Approach, ApproachKey } from './approaches';
import { batchTimeline, type BatchTimeline } from './batchTimeline';
import type { EmulatorProcess } from './emulator';

export const THROUGHPUT_ITEMS = 32;
export const THROUGHPUT_CONCURRENCY = 8;

export interface ThroughputSamples {
	key: ApproachKey;
	label: string;
	/** Wall time of the whole batch per round, ms. */
	wallMs: number[];
	timelines: BatchTimeline[];
}

export interface ThroughputResult {
	tMs: number;
	items: number;
	concurrency: number;
	samples: ThroughputSamples[];
}

/**
 * A batch of items through each approach at the same concurrency, rounds interleaved. The
 * 5 s poller runs in the first round only: its time is set by its 5 s grid, and each of its
 * batches costs 20 s.
 */
export async function measureThroughput(
	emulator: EmulatorProcess,
	approaches: Approach[],
	tMs: number,
	rounds: number,
	progress: (line: string) => void,
): Promise<ThroughputResult> {
	await emulator.set({ processingMs: tMs });
	const samples: ThroughputSamples[] = approaches.map(({ key, label }) => ({
		key,
		label,
		wallMs: [],
		timelines: [],
	}));
	for (let round = 1; round <= rounds; round++) {
		for (const [index, approach] of approaches.entries()) {
			if (approach.key === 'fivePoller' && round > 1) continue;
			const startedAt = Date.now();
			const started = performance.now();
			await approach.run(THROUGHPUT_ITEMS, THROUGHPUT_CONCURRENCY);
			samples[index].wallMs.push(performance.now() - started);
			const records = await emulator.records(startedAt);
			samples[index].timelines.push(batchTimeline(records, THROUGHPUT_CONCURRENCY, tMs));
		}
		const line = samples
			.filter((s) => s.wallMs.length === round)
			.map((s) => `${s.key} ${Math.round(s.wallMs[round - 1])} ms`)
			.join(', ');
		progress(`throughput round ${round}/${rounds}: ${line}`);
	}
	return { tMs, items: THROUGHPUT_ITEMS, concurrency: THROUGHPUT_CONCURRENCY, samples };
}
