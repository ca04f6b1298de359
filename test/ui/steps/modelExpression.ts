import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { aspectRatioChoices } from '../../../nodes/NanoBanana/helpers/models';
import { openNode, openWorkflow, settle, Shots } from '../session';
import { EXPRESSION_WORKFLOW, NANO_BANANA, PANEL_WORKFLOW } from '../setup';
import type { UiStep } from './types';

const clean = (text: string) =>
	text
		.split('\n')[0]
		.replace(/\s*\*\s*$/, '')
		.trim();

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
	return labels.map(clean).filter((label) => label === text).length;
}

/** The options a dropdown parameter lists once opened, as the editor loads them. */
async function listed(page: Page, params: Locator, name: string): Promise<string[]> {
	const options = page.locator('.el-select-dropdown__item:visible');
	await params.getByTestId(`parameter-input-${name}`).click();
	const texts = await settle(
		async () => (await options.allInnerTexts()).map(clean),
		(value) => value.length > 1,
	);
	await page.keyboard.press('Escape');
	await options.first().waitFor({ state: 'hidden' });
	return texts;
}

async function choose(page: Page, params: Locator, name: string, option: string): Promise<void> {
	const options = page.locator('.el-select-dropdown__item:visible');
	await params.getByTestId(`parameter-input-${name}`).click();
	await options.first().waitFor();
	await options.filter({ hasText: option }).first().click();
	await options.first().waitFor({ state: 'hidden' });
}

async function addable(page: Page, params: Locator): Promise<string[]> {
	const row = params
		.getByTestId('parameter-item')
		.filter({ has: page.locator('label', { hasText: 'Options' }) });
	await row.getByTestId('collection-parameter-add').click();
	const options = page.getByTestId('collection-parameter-option').locator('visible=true');
	await options.first().waitFor();
	const texts = (await options.allInnerTexts()).map(clean);
	await page.getByTestId('tab-params').click();
	await options.first().waitFor({ state: 'hidden' });
	return texts;
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
			const options = await addable(page, params);
			for (const option of ['Resolution Name or ID', 'Enable Web Search', 'Thinking Level', 'System Prompt']) {
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
			const own = aspectRatioChoices('nano-banana', 'generate').map((c) => c.name);
			assert.deepEqual(await listed(fixed, fixedParams, 'aspectRatio'), own);
			// Another model: the list follows it.
			await choose(fixed, fixedParams, 'model', 'Nano Banana 2 (Gemini 3.1 Flash Image)');
			const next = aspectRatioChoices('nano-banana-2', 'generate').map((c) => c.name);
			const reloaded = await settle(
				async () => await listed(fixed, fixedParams, 'aspectRatio'),
				(value) => JSON.stringify(value) === JSON.stringify(next),
			);
			await shots.take(fixed, 'fixed-model');
			assert.deepEqual(reloaded, next);
			await fixed.close();
		} finally {
			if (!page.isClosed()) await page.close();
		}
	},
};
