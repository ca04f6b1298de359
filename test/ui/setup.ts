import { readdirSync } from 'node:fs';
import { ChatEmulator } from '../emulator/openai';
import { e2eCredentials } from '../e2e/cases/credentials';
import {
	EXAMPLES_DIR,
	exampleWorkflow,
	nanoBananaWorkflow,
	NODE_NAME,
} from '../e2e/cases/workflow';
import { VALID_KEY, type Emulator } from '../e2e/emulator';
import { FalEmulator } from '../emulator';
import { N8nInstance } from '../e2e/harness';
import type { InstalledLine } from '../tooling/install';
import { startN8nServer, type RunningN8n } from './n8nServer';

/** A Manual Trigger and a Nano Banana node left at its defaults, for the parameter panel. */
export const PANEL_WORKFLOW = 'uiPanelWorkflow1';
export const NANO_BANANA = NODE_NAME;

export interface UiInstance {
	n8n: N8nInstance;
	server: RunningN8n;
	emu: Emulator;
	/** Imported example workflows: file name → workflow id. */
	examples: Map<string, string>;
	/** Stops everything; the user folder is kept when `keep` (a failed run) or N8N_E2E_KEEP. */
	close(keep?: boolean): Promise<void>;
}

/**
 * A fresh n8n user folder with the packed package installed like the Community Nodes screen
 * does, the e2e credentials (fal emulator behind them) and every example workflow imported,
 * then `n8n start` on free ports.
 */
export async function startUiInstance(
	installed: InstalledLine,
	tarball: string,
): Promise<UiInstance> {
	// Larger images than the e2e suite's, so the screenshots show them.
	const emu = await FalEmulator.start({ validKeys: [VALID_KEY], imageLongSide: 768 });
	// Only for the credentials list the e2e suite imports; the editor tests use no chat model.
	const chat = await ChatEmulator.start();
	let n8n: N8nInstance | undefined;
	try {
		n8n = await N8nInstance.create(installed, tarball);
		await n8n.importCredentials(e2eCredentials(emu, chat));
		const files = readdirSync(EXAMPLES_DIR)
			.filter((file) => file.endsWith('.json'))
			.sort();
		// Fixed 16-character ids, all imported with one n8n boot.
		const ids = files.map((_, i) => `uiExample${String(i + 1).padStart(7, '0')}`);
		const panel = {
			...nanoBananaWorkflow(n8n.nodeType('nanoBanana'), {}),
			name: 'Nano Banana: parameters',
		};
		await n8n.importWorkflows(
			[...files.map((file) => exampleWorkflow(file)), panel],
			[...ids, PANEL_WORKFLOW],
		);
		const examples = new Map(files.map((file, i) => [file, ids[i]]));
		const server = await startN8nServer(n8n);
		const instance = n8n;
		return {
			n8n,
			server,
			emu,
			examples,
			close: async (keep = false) => {
				await server.stop();
				await emu.close();
				await chat.close();
				if (!keep) instance.dispose();
			},
		};
	} catch (error) {
		await emu.close();
		await chat.close();
		throw error;
	}
}
