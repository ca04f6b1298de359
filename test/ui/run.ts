import { copyFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Report, runSuite } from '../e2e/report';
import { SuiteProcesses } from '../tooling/children';
import { ensureLines } from '../tooling/install';
import { selectedLines } from '../tooling/lines';
import { say } from '../tooling/log';
import { buildAndPack } from '../tooling/pack';
import { findChromium, launchChromium, MissingChromiumError } from './browser';
import { ARTIFACTS, signIn } from './session';
import { startUiInstance } from './setup';
import { credentialStep } from './steps/credentials';
import { editFromDiskStep } from './steps/editFromDisk';
import { executeExampleStep } from './steps/executeExample';
import { firstImageStep } from './steps/firstImage';
import { nodesPanelStep } from './steps/nodesPanel';
import { modelExpressionStep } from './steps/modelExpression';
import { parametersStep } from './steps/parameters';

/** The README's screenshots, taken by this run (N8N_UI_UPDATE_DOCS=1 copies them). */
const DOC_IMAGES: Record<string, string> = {
	'workflow.png': 'edit-from-disk-2-executed.png',
	'node.png': 'execute-4-preview.png',
	'nodes-panel.png': 'nodes-panel-1-search-banana.png',
	'credential.png': 'credential-2-wrong-key.png',
	// "Your first image", step by step.
	'first-image-1-canvas.png': 'first-image-1-canvas.png',
	'first-image-2-credential.png': 'first-image-2-credential.png',
	'first-image-3-prompt.png': 'first-image-3-prompt.png',
	'first-image-4-output.png': 'first-image-5-preview.png',
};

function copyDocImages(): void {
	const docs = join(__dirname, '..', '..', 'docs', 'images');
	for (const [target, source] of Object.entries(DOC_IMAGES)) {
		copyFileSync(join(ARTIFACTS, source), join(docs, target));
		say(`docs/images/${target} <- ${source}`);
	}
}

const STEPS = [
	nodesPanelStep,
	parametersStep,
	modelExpressionStep,
	credentialStep,
	executeExampleStep,
	editFromDiskStep,
	firstImageStep,
];

/**
 * `npm run test:ui`: n8n's editor in headless Chromium against real n8n 2.x with the packed
 * package installed and the fal emulator behind its credential. Screenshots go to
 * test/ui/artifacts/.
 */
async function main(): Promise<number> {
	const started = Date.now();
	// Before anything slow: no Chromium, no run (and nothing gets installed behind the user's back).
	say(`Chromium: ${findChromium()}`);
	const [installed] = await ensureLines(selectedLines().filter((line) => line.name === '2'));
	rmSync(ARTIFACTS, { recursive: true, force: true });
	const label = `editor, n8n ${installed.n8n.version}`;
	const report = new Report();
	let failed = false;
	// Everything started is undone, newest first, on success, failure or Ctrl-C.
	const children = new SuiteProcesses();
	try {
		const tarball = buildAndPack();
		children.defer('the packed package', () =>
			rmSync(dirname(tarball), { recursive: true, force: true }),
		);
		const ui = await startUiInstance(children, installed, tarball, () => failed);
		say(
			`n8n ${installed.n8n.version} editor at ${ui.server.baseUrl} (user folder ${ui.n8n.userFolder})`,
		);
		const chromium = await launchChromium();
		children.defer('Chromium', async () => await chromium.close());
		await signIn(chromium.context, ui.server.baseUrl);
		const ctx = { ui, browser: chromium.context, baseUrl: ui.server.baseUrl };
		// N8N_UI_STEPS=parameters,credential runs only the steps whose name contains one of the words.
		const only = (process.env.N8N_UI_STEPS ?? '')
			.split(',')
			.map((w) => w.trim())
			.filter(Boolean);
		for (const step of STEPS.filter((s) => !only.length || only.some((w) => s.name.includes(w)))) {
			if (children.isStopping) break;
			const stepStarted = Date.now();
			try {
				await step.run(ctx);
				report.pass(label, step.name, Date.now() - stepStarted);
			} catch (error) {
				failed = true;
				report.fail(label, step.name, Date.now() - stepStarted, error);
			}
		}
		if (failed) say(`n8n's log: ${ui.server.process.logFile}`);
	} catch (error) {
		failed = true;
		throw error;
	} finally {
		await children.stopAll();
	}
	say(`screenshots: ${ARTIFACTS}`);
	if (process.env.N8N_UI_UPDATE_DOCS && !failed) copyDocImages();
	return report.finish(started);
}

runSuite(main, (error) => error instanceof MissingChromiumError);
