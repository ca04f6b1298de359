import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { VALID_KEY } from '../../e2e/emulator';
import { CREDENTIAL_TYPE } from '../../e2e/cases/credentials';
import { closeToasts, openNode, settle, Shots } from '../session';
import { NANO_BANANA } from '../setup';
import { showOutput } from './output';
import type { UiStep } from './types';

/** The README's "Your first image" prompt. */
const PROMPT = 'A banana astronaut floating above the Earth';
const TRIGGER = 'Trigger manually';
/** The action the nodes panel lists for Generate Image (the operation's `action`). */
const GENERATE_ACTION = 'Generate an image from a prompt';

async function closePanel(page: Page): Promise<void> {
	const panel = page.getByTestId('ndv');
	if (!(await panel.isVisible())) return;
	await page.getByTestId('ndv-close-button').click();
	await panel.waitFor({ state: 'hidden' });
}

async function pickFromNodesPanel(page: Page, search: string, ...items: string[]): Promise<void> {
	await page.getByTestId('node-creator-search-bar').fill(search);
	for (const item of items) {
		await page.getByTestId('node-creator-item-name').getByText(item, { exact: true }).click();
	}
}

/** Names of the Fal API credentials n8n holds, through its REST API. */
async function falCredentials(page: Page, baseUrl: string): Promise<string[]> {
	const response = await page.context().request.get(`${baseUrl}/rest/credentials`);
	const { data } = (await response.json()) as { data: Array<{ name: string; type: string }> };
	return data.filter((c) => c.type === CREDENTIAL_TYPE).map((c) => c.name);
}

/**
 * The README's "Your first image", as a user does it in a new workflow: a Manual Trigger and
 * Nano Banana from the nodes panel, a Fal API credential created from the node's credential
 * dropdown, a prompt, Execute step; the image must then be in the output. Its screenshots are
 * the README's.
 */
export const firstImageStep: UiStep = {
	name: 'first image: trigger and node added, credential created from the dropdown, prompt, executed',
	async run(ctx) {
		const shots = new Shots('first-image');
		const page = await ctx.browser.newPage();
		try {
			const credentialsBefore = await falCredentials(page, ctx.baseUrl);
			await page.goto(`${ctx.baseUrl}/workflow/new`);
			await page.getByTestId('canvas-plus-button').click();
			await pickFromNodesPanel(page, 'manual', TRIGGER);
			await page.getByTestId('canvas-node').first().waitFor();
			await closePanel(page);

			// With the trigger selected, the node added next is connected after it.
			await page.getByTestId('node-creator-plus-button').click();
			await pickFromNodesPanel(page, 'banana', 'Nano Banana', GENERATE_ACTION);
			await page.getByTestId('ndv').waitFor();
			await closePanel(page);
			await closeToasts(page);
			const onCanvas = await page
				.getByTestId('canvas-node')
				.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-node-name')));
			assert.equal(onCanvas.length, 2, `the canvas shows ${onCanvas.join(', ')}`);
			assert.ok(onCanvas.includes(NANO_BANANA), `no ${NANO_BANANA} on the canvas: ${onCanvas}`);
			assert.equal(
				await page.locator('[data-test-id="edge"]').count(),
				1,
				'the trigger and Nano Banana are not connected',
			);
			await shots.take(page, 'canvas');

			await openNode(page, NANO_BANANA);
			await page.getByTestId('node-credentials-select').click();
			await page.getByTestId('node-credentials-select-item-new').click();
			const form = page.getByTestId('credential-edit-dialog');
			await form.waitFor();
			// The form sits in a modal whose header holds Save and the close button.
			const dialog = page.locator('.el-dialog').filter({ has: form });
			await dialog.getByTestId('parameter-input-apiKey').locator('input, textarea').fill(VALID_KEY);
			await shots.take(page, 'credential');
			// Only the test does this: its fal is the emulator. A user leaves Proxy URL empty.
			await dialog
				.getByTestId('parameter-input-proxyUrl')
				.locator('input, textarea')
				.fill(ctx.ui.emu.proxyUrl);
			const keyTests = () =>
				ctx.ui.emu.requests.filter(
					(r) => r.route === 'upload-initiate' && r.key === VALID_KEY && r.status === 200,
				).length;
			const testsBefore = keyTests();
			await dialog.getByTestId('credential-save-button').click();
			// n8n tests the key as it saves it, then closes the dialog itself.
			const tested = await settle(
				async () => keyTests(),
				(count) => count > testsBefore,
				20_000,
			);
			assert.ok(tested > testsBefore, 'saving the credential did not test the key at fal');
			await dialog.waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
			if (await dialog.isVisible()) {
				await dialog.locator('.el-dialog__close').first().click();
				await dialog.waitFor({ state: 'hidden' });
			}
			const created = (await falCredentials(page, ctx.baseUrl)).filter(
				(name) => !credentialsBefore.includes(name),
			);
			assert.equal(created.length, 1, `credentials created: ${created.join(', ')}`);
			const selected = await page
				.getByTestId('node-credentials-select')
				.locator('input')
				.first()
				.inputValue();
			assert.equal(selected, created[0], 'the node does not use the credential just created');

			await page
				.getByTestId('parameter-input-prompt')
				.locator('input, textarea')
				.first()
				.fill(PROMPT);
			await shots.take(page, 'prompt');

			await page.getByTestId('node-execute-button').click();
			const jobs = await settle(
				async () =>
					ctx.ui.emu.submissions().filter((job) => job.input.prompt === PROMPT && job.output),
				(found) => found.length > 0,
				60_000,
			);
			assert.equal(jobs.length, 1, `fal finished ${jobs.length} jobs for the first image`);
			await closeToasts(page);
			await showOutput(ctx, page, jobs[0], shots);
		} finally {
			await page.close();
		}
	},
};
