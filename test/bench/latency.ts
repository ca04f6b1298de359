import { performance } from 'node:perf_hooks';

import type { Approach, ApproachKey } from './approaches';
import type { EmulatorProcess } from './emulator';
import { roundOffsets } from './offsets';
import { phasesOf, type Phases } from './phases';

export interface LatencySamples {
	key: ApproachKey;
	label: string;
	/** Wall time minus the round's processing time, ms. */
	overheadsMs: number[];
	phases: Phases[];
}

export interface LatencyResult {
	tMs: number;
	runs: number;
	/** Added to T in each round (see offsets.ts). */
	offsetsMs: number[];
	samples: LatencySamples[];
	/** Size of the images served. */
	imageBytes: number;
}

/**
 * One generation per approach per round, rounds interleaved (A, B, C, A, B, C, …) so noise
 * on the machine hits every approach alike. A warm-up round with instant jobs loads code and
 * opens connections first and is not counted.
 */
export async function measureLatency(
	emulator: EmulatorProcess,
	approaches: Approach[],
	tMs: number,
	runs: number,
	progress: (line: string) => void,
): Promise<LatencyResult> {
	await emulator.set({ processingMs: 0 });
	for (const approach of approaches) await approach.run(1, 1);

	const offsetsMs = roundOffsets(runs);
	const samples: LatencySamples[] = approaches.map(({ key, label }) => ({
		key,
		label,
		overheadsMs: [],
		phases: [],
	}));
	let imageBytes = 0;
	for (const [round, offset] of offsetsMs.entries()) {
		const processingMs = tMs + offset;
		await emulator.set({ processingMs });
		for (const [index, approach] of approaches.entries()) {
			const startedAt = Date.now();
			const started = performance.now();
			await approach.run(1, 1);
			const wallMs = performance.now() - started;
			const endedAt = Date.now();
			const records = await emulator.records(startedAt);
			imageBytes = records.jobs[0]?.imageBytes ?? imageBytes;
			samples[index].overheadsMs.push(wallMs - processingMs);
			samples[index].phases.push(phasesOf(records, startedAt, endedAt, processingMs));
		}
		const line = samples.map((s) => `${s.key} +${Math.round(s.overheadsMs[round])} ms`).join(', ');
		progress(`latency round ${round + 1}/${runs} (T + ${offset} ms): ${line}`);
	}
	return { tMs, runs, offsetsMs, samples, imageBytes };
}
