import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { ChatEmulator } from '../emulator/openai';
import { SuiteProcesses } from '../tooling/children';
import { ensureLines } from '../tooling/install';
import { selectedLines } from '../tooling/lines';
import { say } from '../tooling/log';
import { allCases } from './cases';
import { startEmulator } from './emulator';
import { runDevCases } from './dev';
import { buildAndPack } from '../tooling/pack';
import { Report, runSuite } from './report';
import { runLine } from './runLine';

/**
 * `npm run test:e2e`: the packed package inside real n8n installs (N8N_E2E_LINES=2,1),
 * talking to the fal emulator. First run installs n8n into the user cache (~10 min).
 */
async function main(): Promise<number> {
	const started = Date.now();
	const lines = await ensureLines(selectedLines());
	const report = new Report();
	// Everything started is undone, newest first, on success, failure or Ctrl-C.
	const children = new SuiteProcesses();
	try {
		// N8N_E2E_DEV=0 skips the `npm run dev` cases, N8N_E2E_DEV=only runs nothing else.
		const dev = process.env.N8N_E2E_DEV ?? '1';
		if (dev !== 'only') {
			const tarball = buildAndPack();
			children.defer('the packed package', () =>
				rmSync(dirname(tarball), { recursive: true, force: true }),
			);
			const emu = await startEmulator();
			children.defer('the fal emulator', async () => await emu.close());
			say(`fal emulator listening at ${emu.proxyUrl}`);
			const chat = await ChatEmulator.start();
			children.defer('the chat emulator', async () => await chat.close());
			// N8N_E2E_CASES=agent,generate runs only the cases whose name contains one of the words.
			const only = (process.env.N8N_E2E_CASES ?? '')
				.split(',')
				.map((s) => s.trim())
				.filter(Boolean);
			const cases = allCases().filter(
				(c) => !only.length || only.some((word) => c.name.includes(word)),
			);
			for (const installed of lines) await runLine(installed, tarball, emu, chat, cases, report);
		}
		// `npm run dev` uses the newest line only.
		const newest = lines.find((installed) => installed.line.name === '2');
		if (dev !== '0' && newest) await runDevCases(newest, report, children);
	} finally {
		await children.stopAll();
	}
	return report.finish(started);
}

runSuite(main);
