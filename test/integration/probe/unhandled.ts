/**
 * Runs the node through every fault the emulator can inject, in a plain Node
 * process where an unhandled rejection or uncaught exception really reaches
 * `process` (Jest's sandbox hides them). Prints one JSON line:
 * `{ "scenarios": n, "crashes": [...] }`. With `--inject` it runs no fault and
 * leaves one rejection unhandled on purpose instead, to prove the watch works.
 */
import { FalEmulator } from '../../emulator';
import type { Fault, FaultRoute } from '../../emulator/types';
import { TestExecution } from '../../helpers/executeFunctions';
import { TEST_KEY } from '../../helpers/runNode';
import { NanoBanana } from '../../../nodes/NanoBanana/NanoBanana.node';

const crashes: string[] = [];
const record = (error: unknown) =>
	crashes.push(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
process.on('unhandledRejection', record);
process.on('uncaughtException', record);

const pause = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

const faults: Array<[FaultRoute, Fault]> = [
	['submit', { kind: 'drop' }],
	['submit', { kind: 'not-json' }],
	['stream', { kind: 'http', status: 200, body: { status: 'IN_PROGRESS' } }],
	['stream', { kind: 'not-json' }],
	['stream', { kind: 'drop', afterEvents: 1 }],
	['stream', { kind: 'truncate' }],
	['status', { kind: 'drop', times: 5 }],
	['result', { kind: 'drop', times: 5 }],
	['result', { kind: 'not-json' }],
	['media', { kind: 'truncate' }],
	['media', { kind: 'stall' }],
	['media', { kind: 'drop' }],
	['cancel', { kind: 'drop' }],
];

async function run(
	emulator: FalEmulator,
	options: { stopAfterMs?: number; continueOnFail: boolean },
) {
	const execution = new TestExecution({
		parameters: { prompt: '=picture {{ $json.n }}', options: { maxRetries: 1, timeout: 2 } },
		credentials: { apiKey: TEST_KEY, proxyUrl: emulator.proxyUrl },
		items: [{ json: { n: 0 } }, { json: { n: 1 } }],
		continueOnFail: options.continueOnFail,
	});
	const running = new NanoBanana().execute.call(execution.context()).catch(() => undefined);
	if (options.stopAfterMs !== undefined) {
		await pause(options.stopAfterMs);
		execution.cancel.abort();
	}
	await running;
}

async function main(): Promise<void> {
	const emulator = await FalEmulator.start({
		validKeys: [TEST_KEY],
		processingMs: 60,
		quiet: true,
	});
	let scenarios = 0;
	const inject = process.argv.includes('--inject');
	try {
		for (const [route, fault] of inject ? [] : faults) {
			for (const continueOnFail of [true, false]) {
				emulator.reset();
				emulator.failNext(route, fault);
				await run(emulator, { continueOnFail });
				scenarios++;
			}
		}
		// Stopped while in the queue, while running, and during downloads.
		for (const stopAfterMs of inject ? [] : [5, 40, 90]) {
			emulator.reset();
			await run(emulator, { stopAfterMs, continueOnFail: false });
			scenarios++;
		}
		if (inject) {
			void Promise.reject(new Error('injected on purpose'));
		}
		// Late rejections surface after the runs have returned.
		await pause(500);
	} finally {
		await emulator.close();
	}
	process.stdout.write(`${JSON.stringify({ scenarios, crashes })}\n`);
}

main().catch((error: unknown) => {
	record(error);
	process.stdout.write(`${JSON.stringify({ scenarios: 0, crashes })}\n`);
	process.exitCode = 1;
});
