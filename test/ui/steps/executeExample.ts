import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLES_DIR } from '../../e2e/cases/workflow';
import { closeToasts, openNode, openWorkflow, settle, Shots, type UiContext } from '../session';
import { NANO_BANANA } from '../setup';
import { showOutput } from './output';
import type { UiStep } from './types';

interface ExampleNode {
	name: string;
	type: string;
	parameters: Record<string, unknown>;
}

/** The prompt of an example's Nano Banana node, to find its job at the emulator. */
function examplePrompt(file: string): string {
	const workflow = JSON.parse(readFileSync(join(EXAMPLES_DIR, file), 'utf8')) as {
		nodes: ExampleNode[];
	};
	const node = workflow.nodes.find((n) => n.name === NANO_BANANA);
	assert.ok(node, `${file} has no node named ${NANO_BANANA}`);
	return String(node.parameters.prompt);
}

/** Opens an example, presses "Execute workflow" and returns fal's job for its Nano Banana node. */
export async function executeExample(ctx: UiContext, file: string, shots: Shots) {
	const id = ctx.ui.examples.get(file);
	assert.ok(id, `example ${file} was not imported`);
	const prompt = examplePrompt(file);
	const page = await ctx.browser.newPage();
	await openWorkflow(page, ctx.baseUrl, id);
	await shots.take(page, 'workflow');
	await page.getByTestId('execute-workflow-button').click();
	const jobs = await settle(
		async () => ctx.ui.emu.submissions().filter((job) => job.input.prompt === prompt && job.output),
		(found) => found.length > 0,
		60_000,
	);
	assert.ok(jobs.length, `fal never finished a job for "${prompt}"`);
	await page.getByText('Workflow executed successfully').waitFor({ timeout: 60_000 });
	await closeToasts(page);
	await shots.take(page, 'executed');
	await openNode(page, NANO_BANANA);
	return { page, job: jobs[jobs.length - 1] };
}

/** The example users start with, run from the editor: its output panel previews the image. */
export const executeExampleStep: UiStep = {
	name: 'execute: an example workflow run from the editor previews the image with its file name and type',
	async run(ctx) {
		const shots = new Shots('execute');
		const { page, job } = await executeExample(ctx, 'generate-from-prompt.json', shots);
		try {
			await showOutput(ctx, page, job, shots);
		} finally {
			await page.close();
		}
	},
};
