import { rmSync } from 'node:fs';
import { dirname } from 'node:path';

import { SuiteProcesses } from '../../tooling/children';
import { ensureLines } from '../../tooling/install';
import { selectedLines } from '../../tooling/lines';
import { say } from '../../tooling/log';
import { buildAndPack } from '../../tooling/pack';
import { startEmulator } from '../emulator';
import { Report, runSuite } from '../report';
import { Sink } from './sink';
import { runTriggerLine } from './line';

/**
 * `npm run test:e2e:trigger`: the Nano Banana Trigger in a running n8n (`n8n start`, the workflow
 * active) on each line, receiving the fal emulator's signed webhook deliveries.
 */
async function main(): Promise<number> {
	const started = Date.now();
	const lines = await ensureLines(selectedLines());
	const report = new Report();
	const children = new SuiteProcesses();
	try {
		const tarball = buildAndPack();
		children.defer('the packed package', () =>
			rmSync(dirname(tarball), { recursive: true, force: true }),
		);
		const emu = await startEmulator();
		children.defer('the fal emulator', async () => await emu.close());
		// fal's two hours of retries in about three minutes: attempts at most 4 s apart, so a
		// delivery lands soon after a restart however long n8n took to come back.
		emu.options.webhookRetryMs = 500;
		emu.options.webhookRetryMaxMs = 4_000;
		emu.options.webhookRetries = 50;
		const sink = new Sink();
		const sinkUrl = await sink.start();
		children.defer('the image sink', async () => await sink.close());
		say(`fal emulator at ${emu.proxyUrl}, image sink at ${sinkUrl}`);
		for (const installed of lines) {
			await runTriggerLine({ installed, tarball, emu, sink, sinkUrl, report, children });
		}
	} finally {
		await children.stopAll();
	}
	return report.finish(started);
}

runSuite(main);
