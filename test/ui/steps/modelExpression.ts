import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { aspectRatioChoices, modelById } from '../../../nodes/NanoBanana/helpers/models';
import { openNode, openWorkflow, settle, Shots } from '../session';
import { EXPRESSION_WORKFLOW, NANO_BANANA, PANEL_WORKFLOW } from '../setup';
import { choose, collectionOptions, label } from './panel';
import type { UiStep } from './types';

/** The labels of the visible parameter rows whose own label reads `text`. */
async function rowsLabelled(params: Locator, text: string): Promise<number> {
	const labels = await params
		.getByTestId('parameter-item')
		.locator('label')
		.evaluateAll((all) =>
			all
				.filter((label) => (label as HTMLElement).checkVisibility())
				.map((label) => (label as HTMLElement).innerText),
		);
	return labels.map(label).filter((shown) => shown === text).length;
}

/** The options a dropdown parameter lists once opened, as the editor loads them. */
async function listed(page: Page, params: Locator, name: string): Promise<string[]> {
	const options = page.locator('.el-select-dropdown__item:visible');
	await params.getByTestId(`parameter-input-${name}`).click();
	const texts = await settle(
		async () => (await options.allInnerTexts()).map(label),
		(value) => value.length > 1,
	);
	await page.keyboard.press('Escape');
	await options.first().waitFor({ state: 'hidden' });
	return texts;
}

function modelOption(id: string): string {
	const model = modelById(id);
	assert.ok(model, `no model ${id}`);
	return model.displayName;
}

/**
 * With the model chosen per item by an expression the panel still shows one Aspect Ratio, whose
 * list holds "Model Default" and every ratio some model accepts, and one of each per-model option;
 * with a fixed model the list is that model's own, loaded from the node.
 */
export const modelExpressionStep: UiStep = {
	name: 'model by expression: one Aspect Ratio and one of each per-model option, lists loaded per model',
	async run({ browser, baseUrl }) {
		const shots = new Shots('model-expression');
		const page = await browser.newPage();
		try {
			await openWorkflow(page, baseUrl, EXPRESSION_WORKFLOW);
			await openNode(page, NANO_BANANA);
			const params = page.getByTestId('node-parameters');
			const aspect = 'Aspect Ratio Name or ID';
			const count = await settle(
				async () => await rowsLabelled(params, aspect),
				(n) => n === 1,
			);
			await shots.take(page, 'panel');
			assert.equal(count, 1, `expected one "${aspect}" row with the model as an expression`);
			const union = aspectRatioChoices('={{ $json.m }}', 'generate').map((c) => c.name);
			assert.deepEqual(await listed(page, params, 'aspectRatio'), union);
			const options = await collectionOptions(page, params, 'Options');
			for (const option of [
				'Resolution Name or ID',
				'Enable Web Search',
				'Thinking Level',
				'System Prompt',
			]) {
				assert.equal(
					options.filter((o) => o === option).length,
					1,
					`"${option}" should be offered once (offered: ${options.join(', ')})`,
				);
			}
			await page.close();

			const fixed = await browser.newPage();
			await openWorkflow(fixed, baseUrl, PANEL_WORKFLOW);
			await openNode(fixed, NANO_BANANA);
			const fixedParams = fixed.getByTestId('node-parameters');
			// Each fixed model lists its own, and the list follows a change of model. (The panel
			// workflow is left as an earlier step set it, so the choices are made here.)
			await choose(fixed, fixedParams, 'operation', 'Generate Image');
			for (const model of ['nano-banana', 'nano-banana-2', 'nano-banana-pro']) {
				const option = modelOption(model);
				await choose(fixed, fixedParams, 'model', option);
				const own = aspectRatioChoices(model, 'generate').map((c) => c.name);
				const shown = await settle(
					async () => await listed(fixed, fixedParams, 'aspectRatio'),
					(value) => JSON.stringify(value) === JSON.stringify(own),
				);
				await shots.take(fixed, `fixed-${model}`);
				assert.deepEqual(shown, own, `the Aspect Ratio list for ${option}`);
			}
			await fixed.close();
		} finally {
			if (!page.isClosed()) await page.close();
		}
	},
};
