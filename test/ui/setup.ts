import { readdirSync } from 'node:fs';
import { join } from 'node:path';
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
import type { SuiteProcesses } from '../tooling/children';
import type { InstalledLine } from '../tooling/install';
import { startN8nServer, type N8nServer } from '../tooling/n8nServer';
import { UI_OWNER } from './session';

/** A Manual Trigger and a Nano Banana node left at its defaults, for the parameter panel. */
export const PANEL_WORKFLOW = 'uiPanelWorkflow1';
/** The same node with the model chosen per item by an expression, as its description invites. */
export const EXPRESSION_WORKFLOW = 'uiModelExpress1';
export const NANO_BANANA = NODE_NAME;

export interface UiInstance {
	n8n: N8nInstance;
	server: N8nServer;
	emu: Emulator;
	/** Imported example workflows: file name → workflow id. */
	examples: Map<string, string>;
}

/**
 * A fresh n8n user folder with the packed package installed with the README's install lines
 * does, the e2e credentials (fal emulator behind them) and every example workflow imported,
 * then `n8n start` on free ports. Everything is stopped by `children`; the user folder is
 * removed then unless `keep()` says otherwise (a failed run) or N8N_E2E_KEEP is set.
 */
export async function startUiInstance(
	children: SuiteProcesses,
	installed: InstalledLine,
	tarball: string,
	keep: () => boolean,
): Promise<UiInstance> {
	// Larger images than the e2e suite's, so the screenshots show them.
	const emu = await FalEmulator.start({ validKeys: [VALID_KEY], imageLongSide: 768 });
	children.defer('the fal emulator', async () => await emu.close());
	// Only for the credentials list the e2e suite imports; the editor tests use no chat model.
	const chat = await ChatEmulator.start();
	children.defer('the chat emulator', async () => await chat.close());
	const n8n = await N8nInstance.create(installed, tarball);
	children.defer('the user folder', () => {
		if (!keep()) n8n.dispose();
	});
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
	const byExpression = {
		...nanoBananaWorkflow(n8n.nodeType('nanoBanana'), { model: '={{ $json.m }}' }),
		name: 'Nano Banana: model by expression',
	};
	await n8n.importWorkflows(
		[...files.map((file) => exampleWorkflow(file)), panel, byExpression],
		[...ids, PANEL_WORKFLOW, EXPRESSION_WORKFLOW],
	);
	const examples = new Map(files.map((file, i) => [file, ids[i]]));
	const server = await startN8nServer(children, installed, {
		env: n8n.env,
		cwd: n8n.filesDir,
		logFile: join(n8n.userFolder, 'n8n-start.log'),
		owner: UI_OWNER,
	});
	return { n8n, server, emu, examples };
}
