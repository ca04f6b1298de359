import { copyFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildAndPack } from '../e2e/pack';
import { Report } from '../e2e/report';
import { ensureLines } from '../tooling/install';
import { selectedLines } from '../tooling/lines';
import { say } from '../tooling/log';
import { findChromium, launchChromium, MissingChromiumError } from './browser';
import { ARTIFACTS, signIn } from './session';
import { startUiInstance } from './setup';
import { credentialStep } from './steps/credentials';
import { editFromDiskStep } from './steps/editFromDisk';
import { executeExampleStep } from './steps/executeExample';
import { nodesPanelStep } from './steps/nodesPanel';
import { parametersStep } from './steps/parameters';

/** The README's screenshots, taken by this run (N8N_UI_UPDATE_DOCS=1 copies them). */
const DOC_IMAGES: Record<string, string> = {
	'workflow.png': 'edit-from-disk-2-executed.png',
	'node.png': 'execute-4-preview.png',
	'nodes-panel.png': 'nodes-panel-1-search-banana.png',
	'credential.png': 'credential-2-wrong-key.png',
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
	credentialStep,
	executeExampleStep,
	editFromDiskStep,
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
	// What to undo, newest first; run once, on success, failure or Ctrl-C.
	const undo: Array<() => Promise<void> | void> = [];
	let stopping: Promise<void> | undefined;
	const stop = async () => {
		stopping ??= (async () => {
			for (const step of undo.reverse()) await Promise.resolve(step()).catch(() => undefined);
		})();
		await stopping;
	};
	// Ctrl-C stops what was started, then exits; a second Ctrl-C while stopping changes nothing.
	const interrupted = () => {
		say('interrupted: stopping Chromium and n8n');
		void stop().finally(() => process.exit(130));
	};
	process.on('SIGINT', interrupted);
	process.on('SIGTERM', interrupted);
	try {
		const tarball = buildAndPack();
		undo.push(() => rmSync(dirname(tarball), { recursive: true, force: true }));
		const ui = await startUiInstance(installed, tarball);
		undo.push(async () => await ui.close(failed));
		say(
			`n8n ${installed.n8n.version} editor at ${ui.server.baseUrl} (user folder ${ui.n8n.userFolder})`,
		);
		const chromium = await launchChromium();
		undo.push(async () => await chromium.close());
		await signIn(chromium.context, ui.server.baseUrl);
		const ctx = { ui, browser: chromium.context, baseUrl: ui.server.baseUrl };
		// N8N_UI_STEPS=parameters,credential runs only the steps whose name contains one of the words.
		const only = (process.env.N8N_UI_STEPS ?? '')
			.split(',')
			.map((w) => w.trim())
			.filter(Boolean);
		for (const step of STEPS.filter((s) => !only.length || only.some((w) => s.name.includes(w)))) {
			if (stopping) break;
			const stepStarted = Date.now();
			try {
				await step.run(ctx);
				report.pass(label, step.name, Date.now() - stepStarted);
			} catch (error) {
				failed = true;
				report.fail(label, step.name, Date.now() - stepStarted, error);
			}
		}
		if (failed) say(`n8n's log: ${ui.server.logFile}`);
	} catch (error) {
		failed = true;
		throw error;
	} finally {
		await stop();
		process.off('SIGINT', interrupted);
		process.off('SIGTERM', interrupted);
	}
	say(`screenshots: ${ARTIFACTS}`);
	if (process.env.N8N_UI_UPDATE_DOCS && !failed) copyDocImages();
	say(`took ${Math.round((Date.now() - started) / 1000)}s`);
	report.close();
	return report.failed || !report.passed ? 1 : 0;
}

main()
	.then((code) => process.exit(code))
	.catch((error: unknown) => {
		const plain = error instanceof MissingChromiumError || !(error instanceof Error);
		console.error(
			plain
				? String(error instanceof Error ? error.message : error)
				: (error.stack ?? error.message),
		);
		console.log('0 passed, 1 failed');
		process.exit(1);
	});
