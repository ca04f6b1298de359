import { join } from 'node:path';
import { EmulatorControl } from '../../emulator';
import { VALID_KEY } from '../emulator';
import type { SuiteProcesses } from '../../tooling/children';

const REPO_ROOT = join(__dirname, '..', '..', '..');

export interface ChildEmulator {
	proxyUrl: string;
	control: EmulatorControl;
}

/**
 * The fal emulator as its own process, steered only through its control interface, the way
 * another machine's test would: the suite's own event loop stays free for the load it drives.
 */
export async function startChildEmulator(
	group: SuiteProcesses,
	processingMs: number,
): Promise<ChildEmulator> {
	const p = group.start(
		'fal-emulator',
		process.execPath,
		[
			'-r',
			'ts-node/register/transpile-only',
			join(REPO_ROOT, 'test', 'emulator', 'cli.ts'),
			'--port',
			'0',
			'--key',
			VALID_KEY,
			'--processing-ms',
			String(processingMs),
			'--quiet',
		],
		{ cwd: REPO_ROOT, stopSignal: 'SIGTERM', graceMs: 5_000 },
	);
	const [, proxyUrl] = await p.waitFor(/Proxy URL:\s+(\S+)/, 60_000);
	const [, url] = await p.waitFor(/control interface:\s+(http:\/\/\S+?)\/_emulator/, 60_000);
	return { proxyUrl, control: new EmulatorControl(url) };
}
