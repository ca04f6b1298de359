import { DEFAULT_KEY, FalEmulator } from '../../test/emulator';
import type { DevSettings } from './settings';

/** Where the dev instance's fal credential points: real fal with FAL_KEY, the emulator without. */
export interface FalTarget {
	/** One line for the banner. */
	label: string;
	/** A few words for progress lines. */
	short: string;
	credential: { apiKey: string; proxyUrl: string };
	/** What a credential the user creates in this n8n needs; the emulator's only (a real key stays unsaid). */
	newCredential?: string;
	close(): Promise<void>;
}

export async function chooseFalTarget(settings: DevSettings): Promise<FalTarget> {
	if (settings.falKey) {
		return {
			label: 'REAL fal.ai (FAL_KEY is set): every image generated is billed to your fal account',
			short: 'real fal.ai with your FAL_KEY',
			credential: { apiKey: settings.falKey, proxyUrl: settings.falProxyUrl },
			close: async () => undefined,
		};
	}
	const emulator = await FalEmulator.start({
		port: settings.emulatorPort,
		processingMs: 1500,
		quiet: true,
	});
	return {
		short: `the fal emulator at ${emulator.proxyUrl}`,
		label: `the local fal EMULATOR at ${emulator.proxyUrl} (no FAL_KEY set): no account, no network, no cost; it draws gradients, not your prompt`,
		credential: { apiKey: DEFAULT_KEY, proxyUrl: emulator.proxyUrl },
		newCredential: `API Key ${DEFAULT_KEY}, Proxy URL ${emulator.proxyUrl}`,
		close: async () => await emulator.close(),
	};
}
