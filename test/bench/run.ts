import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

import { allApproaches } from './approaches';
import { parseArgs } from './args';
import { EmulatorProcess } from './emulator';
import { BENCH_KEY } from './key';
import { measureLatency } from './latency';
import { machineInfo } from './machine';
import { measureMemory, type MemoryResult } from './memory';
import { formatReport } from './report';
import { writeResults } from './results';
import { checkTargets } from './targets';
import { measureSubmitOnly } from './submitOnly';
import { measureThroughput } from './throughput';

/** Padding target: about the size of a real Nano Banana PNG. */
const IMAGE_BYTES = 1.5e6;
// At 768 px the emulator's padded PNG comes out at 1.53 MB; at 1024 px it overshoots to 1.67 MB.
const IMAGE_LONG_SIDE = 768;
const THROUGHPUT_ROUNDS = 3;
const PROMPT = 'A banana-shaped spaceship over a neon city';

/** Progress goes to stderr; stdout carries only the report. */
const progress = (line: string) => process.stderr.write(`[bench] ${line}\n`);

async function main(): Promise<void> {
	const args = parseArgs(process.argv.slice(2));
	const startedAt = new Date();
	const machine = machineInfo();
	const loadBefore = loadavg()[0];
	const storageDir = mkdtempSync(join(tmpdir(), 'nano-banana-bench-'));
	const emulator = await EmulatorProcess.start({
		validKeys: [BENCH_KEY],
		imageLongSide: IMAGE_LONG_SIDE,
		imageBytes: IMAGE_BYTES,
		quiet: true,
	});
	try {
		const { proxyUrl } = emulator;
		const approaches = allApproaches({ proxyUrl, apiKey: BENCH_KEY, storageDir, prompt: PROMPT });
		progress(`latency: T = ${args.tMs} ms, ${args.runs} rounds of ${approaches.length} approaches`);
		const latency = await measureLatency(emulator, approaches, args.tMs, args.runs, progress);

		progress(`throughput: T = ${args.throughputTMs} ms`);
		const throughput = await measureThroughput(
			emulator,
			approaches,
			args.throughputTMs,
			THROUGHPUT_ROUNDS,
			progress,
		);

		progress(`submit without waiting: T = ${args.throughputTMs} ms`);
		const approachContext = { proxyUrl, apiKey: BENCH_KEY, storageDir, prompt: PROMPT };
		const submitOnly = await measureSubmitOnly(
			emulator,
			approachContext,
			args.throughputTMs,
			progress,
		);

		let memory: MemoryResult;
		if (args.skipN8n) {
			memory = { skipped: 'skipped (--skip-n8n)' };
		} else {
			memory = await measureMemory(emulator, BENCH_KEY, progress).catch((error: unknown) => ({
				failed: error instanceof Error ? error.message : String(error),
			}));
		}

		const load = { before: loadBefore, after: loadavg()[0] };
		const targets = checkTargets(latency, throughput, memory);
		const imageLongSide = IMAGE_LONG_SIDE;
		process.stdout.write(
			formatReport({
				machine,
				load,
				imageLongSide,
				latency,
				throughput,
				submitOnly,
				memory,
				targets,
			}),
		);
		const file = writeResults(startedAt, {
			machine,
			load,
			args,
			latency,
			throughput,
			submitOnly,
			memory,
			targets,
		});
		progress(`raw numbers written to ${file}`);
		if (targets.some((check) => check.verdict === 'FAIL')) process.exitCode = 1;
	} finally {
		await emulator.close();
		rmSync(storageDir, { recursive: true, force: true });
	}
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? (error.stack ?? error.message) : error);
	process.exitCode = 1;
});
