import { DEFAULT_KEY, FalEmulator } from '../../test/emulator';

/** Where the dev instance's fal credential points: real fal with FAL_KEY, the emulator without. */
export interface FalTarget {
	label: string;
	credential: { apiKey: string; proxyUrl: string };
	close(): Promise<void>;
}

const EMULATOR_PORT = Number(process.env.FAL_EMULATOR_PORT ?? 8787);

export async function chooseFalTarget(): Promise<FalTarget> {
	const key = process.env.FAL_KEY?.trim();
	if (key) {
		return {
			label: 'REAL fal.ai (FAL_KEY is set): every image generated is billed to your fal account',
			credential: { apiKey: key, proxyUrl: process.env.FAL_PROXY_URL?.trim() ?? '' },
			close: async () => undefined,
		};
	}
	const emulator = await FalEmulator.start({
		port: EMULATOR_PORT,
		processingMs: 1500,
		quiet: true,
	});
	return {
		label: `the local fal EMULATOR at ${emulator.proxyUrl} (no FAL_KEY set): no account, no network, no cost`,
		credential: { apiKey: DEFAULT_KEY, proxyUrl: emulator.proxyUrl },
		close: async () => await emulator.close(),
	};
}
