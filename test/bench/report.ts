import { IMAGE_FORMAT } from './approaches/types';
import { mb, seconds, signedMb, signedMs, times } from './format';
import type { LatencyResult } from './latency';
import { describeMachine, type MachineInfo } from './machine';
import { IMAGES_PER_ITEM, type MemoryResult } from './memory';
import { PHASE_LABELS, type Phases } from './phases';
import { median, percentile } from './stats';
import {
	idealBatchMs,
	oursBatchMs,
	memoryRises,
	oursMedianOverhead,
	THROUGHPUT_SLACK,
	type TargetCheck,
} from './targets';
import { submitOnlyLines, type SubmitOnlyResult } from './submitOnly';
import type { ThroughputResult } from './throughput';

export interface ReportInput {
	machine: MachineInfo;
	/** One-minute load average when the bench started and ended: other work skews the numbers. */
	load: { before: number; after: number };
	imageLongSide: number;
	latency: LatencyResult;
	throughput: ThroughputResult;
	submitOnly: SubmitOnlyResult;
	memory: MemoryResult;
	targets: TargetCheck[];
}

const roundMs = (ms: number) => `${Math.round(ms)} ms`;

function latencyTable(latency: LatencyResult): string[] {
	const ours = oursMedianOverhead(latency);
	const rows = latency.samples.map((sample) => {
		const overhead = median(sample.overheadsMs);
		const p90 = percentile(sample.overheadsMs, 90);
		const ratio = ours > 0 ? ` (${times(overhead / ours)})` : '';
		const versus = sample.key === 'ours' ? '—' : `${signedMs(overhead - ours)}${ratio}`;
		return `| ${sample.label} | ${signedMs(overhead)} | ${signedMs(p90)} | ${versus} |`;
	});
	return ['| Approach | Median overhead | p90 | vs ours |', '| --- | ---: | ---: | --- |', ...rows];
}

function oursPhases(latency: LatencyResult): string {
	const phases = latency.samples.find((s) => s.key === 'ours')?.phases ?? [];
	const keys = Object.keys(PHASE_LABELS) as Array<keyof Phases>;
	return keys
		.map((key) => `${PHASE_LABELS[key]} ${roundMs(median(phases.map((p) => p[key])))}`)
		.join(' · ');
}

function downloads(latency: LatencyResult): string {
	return latency.samples
		.map((sample) => {
			const name =
				sample.key === 'ours' ? 'ours (with the disk write)' : sample.label.split(' (')[0];
			return `${name} ${roundMs(median(sample.phases.map((p) => p.download)))}`;
		})
		.join(' · ');
}

/** Where a fixed T falls in the fal client's 500 ms poll cycle, which decides how long it waits. */
function pollPhase(tMs: number): string {
	const phase = tMs % 500;
	if (phase === 0) return 'on a 500 ms poll, the best case for default polling';
	if (phase === 250) return 'midway between two 500 ms polls, the average case for default polling';
	return `${phase} ms into a 500 ms poll cycle`;
}

function throughputLines(throughput: ThroughputResult): string[] {
	const ours = oursBatchMs(throughput);
	const ideal = idealBatchMs(throughput);
	const rows = throughput.samples.map((sample) => {
		const wall = median(sample.wallMs);
		const note =
			sample.key === 'ours'
				? `ideal ${seconds(ideal)}, limit ${seconds(ideal * (1 + THROUGHPUT_SLACK))}`
				: `${times(wall / ours)} ours`;
		const runs = sample.wallMs.length === 1 ? '1 batch' : `median of ${sample.wallMs.length}`;
		return `- ${sample.label}: ${seconds(wall)} (${note}; ${runs})`;
	});
	const timelines = throughput.samples.find((s) => s.key === 'ours')?.timelines ?? [];
	const gap = median(timelines.map((t) => t.slotGapMs));
	const delay = median(timelines.map((t) => t.emulatorDelayMs));
	const { items, concurrency, tMs } = throughput;
	return [
		`Throughput: ${items} items at concurrency ${concurrency}, T = ${tMs} ms (shorter, to keep the run short; ${pollPhase(tMs)}):`,
		'',
		...rows,
		'',
		`Ours, per job on average: ${roundMs(gap)} from its completion at fal to the next submit in its slot ` +
			`(the slot is freed at completion; result and download follow outside it); ` +
			`${roundMs(delay)} of emulator delay (late start or completion).`,
	];
}

function memoryLines(memory: MemoryResult): string[] {
	if ('skipped' in memory) return [`Memory in n8n 2.x: ${memory.skipped}`];
	if ('failed' in memory) return [`Memory in n8n 2.x: failed: ${memory.failed.split('\n')[0]}`];
	const { single, many, manyUrlsOnly, imageBytes, httpSingle, httpMany } = memory;
	const images = many.items * IMAGES_PER_ITEM;
	const { ours, http } = memoryRises(memory);
	const paragraph = [
		`Memory in n8n ${memory.n8nVersion} (Node ${memory.nodeVersion}, ${many.binaryMode ?? 'unknown'} binary data, T = ${memory.tMs} ms):`,
		`Manual Trigger → Code → Nano Banana (${IMAGES_PER_ITEM} images per item, default concurrency 4),`,
		`${many.items} items (${images} images of ${mb(imageBytes)}, ${mb(images * imageBytes)} in all, ${many.outputItems} output items)`,
		`vs 1 item: peak RSS of the n8n process ${mb(many.peakBytes)} vs ${mb(single.peakBytes)},`,
		`${signedMb(ours)} (n8n with its task runner: ${signedMb(many.treePeakBytes - single.treePeakBytes)}).`,
		`The same ${manyUrlsOnly.items} items with Return URLs Only (no download, ${manyUrlsOnly.outputItems} output items):`,
		`${mb(manyUrlsOnly.peakBytes)}, ${signedMb(manyUrlsOnly.peakBytes - single.peakBytes)}.`,
		`Without n8n and the node, ${memory.floor.images} downloads of the same size with n8n's Node and axios`,
		`(response streams written with fs.promises.writeFile, ${memory.floor.parallel} at a time): ${signedMb(memory.floor.riseBytes)}.`,
	].join(' ');
	return [
		paragraph,
		'',
		`The same ${httpMany.items} image URLs in the same n8n, downloaded by the node and by n8n's own HTTP Request node`,
		`(Response Format File, editor defaults; ${httpMany.outputItems} output items); peak RSS of the n8n process:`,
		'',
		`| Downloads by | ${httpSingle.items} images | ${httpMany.items} images | Rise |`,
		'| --- | ---: | ---: | ---: |',
		`| Nano Banana node | ${mb(single.peakBytes)} | ${mb(many.peakBytes)} | ${signedMb(ours)} |`,
		`| n8n's HTTP Request node | ${mb(httpSingle.peakBytes)} | ${mb(httpMany.peakBytes)} | ${signedMb(http)} |`,
	];
}

function header(input: ReportInput): string[] {
	const { latency, load } = input;
	const runs = `${latency.runs} run${latency.runs === 1 ? '' : 's'}`;
	return [
		`Machine: ${describeMachine(input.machine)}; load average ${load.before.toFixed(1)} at start, ${load.after.toFixed(1)} at end`,
		`fal emulator in its own process on loopback, ${input.imageLongSide} px ${IMAGE_FORMAT.toUpperCase()} images of ${mb(latency.imageBytes)}`,
		'',
		'One request: overhead = wall time − processing time, for submit, wait, result and image download (ours also writes the binary to disk).',
		`T = ${latency.tMs} ms plus a per-round offset spread over the 500 ms and 5 s poll cycles (${latency.offsetsMs.join(', ')} ms),`,
		`the same for every approach in a round; ${runs} per approach, interleaved, after 1 warm-up round.`,
	];
}

export function formatReport(input: ReportInput): string {
	const lines = [
		...header(input),
		'',
		...latencyTable(input.latency),
		'',
		`Ours, median per step: ${oursPhases(input.latency)}`,
		`Median image download, which every approach pays: ${downloads(input.latency)}`,
		'',
		...throughputLines(input.throughput),
		'',
		...submitOnlyLines(input.submitOnly),
		'',
		...memoryLines(input.memory),
		'',
		...input.targets.map((check) => `${check.verdict.padEnd(4)}  ${check.target}: ${check.detail}`),
	];
	return `${lines.join('\n')}\n`;
}
