import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import {
	builtDescription,
	combinations,
	describeCombination,
	expectedPanel,
	type Combination,
	unreachable,
} from '../description';
import { openNode, openWorkflow, settle, Shots } from '../session';
import { choose, collectionOptions, label } from './panel';
import { PANEL_WORKFLOW, NANO_BANANA } from '../setup';
import type { UiStep } from './types';

/**
 * Labels of the parameter rows the panel shows, top to bottom. A row's own labels are those
 * whose nearest parameter item is the row (nested collection entries belong to inner items);
 * the credential selector shares the first row and is not a parameter.
 */
async function renderedFields(params: Locator): Promise<string[]> {
	const texts = await params.getByTestId('parameter-item').evaluateAll((items) =>
		items
			.filter((item) => item.checkVisibility())
			.flatMap((item) =>
				Array.from(item.querySelectorAll('label')).filter(
					(element) =>
						element.closest('[data-test-id="parameter-item"]') === item &&
						!element.closest('[data-test-id="node-credentials-slot"]'),
				),
			)
			.map((element) => (element as HTMLElement).innerText),
	);
	return texts.map(label);
}

async function checkCombination(page: Page, combination: Combination, shots: Shots): Promise<void> {
	const description = builtDescription();
	const expected = expectedPanel(description, combination);
	const params = page.getByTestId('node-parameters');
	for (const axis of combination) await choose(page, params, axis.name, axis.label);
	const fields = await settle(
		async () => await renderedFields(params),
		(value) => JSON.stringify(value) === JSON.stringify(expected.fields),
	);
	const what = describeCombination(combination);
	await shots.take(page, combination.map((c) => c.value).join('-') || 'defaults');
	assert.deepEqual(
		fields,
		expected.fields,
		`${what}: the panel's fields differ from the description`,
	);
	for (const [collection, promised] of Object.entries(expected.collections)) {
		const offered = await collectionOptions(page, params, collection);
		assert.deepEqual(
			offered,
			promised,
			`${what}: "${collection}" offers other options than the description`,
		);
	}
}

/**
 * For every operation (and model, when the node has one) the panel shows exactly the fields,
 * in order, and the collection options that the built description's displayOptions promise;
 * and every field of the description is shown by at least one of them.
 */
export const parametersStep: UiStep = {
	name: 'parameters: each operation/model shows exactly the fields the node description promises',
	async run({ browser, baseUrl }) {
		const shots = new Shots('parameters');
		const description = builtDescription();
		const all = combinations(description);
		assert.ok(all.length >= 2, `expected at least two operations, found ${all.length}`);
		assert.deepEqual(unreachable(description), [], 'fields no operation or model ever shows');
		const page = await browser.newPage();
		try {
			await openWorkflow(page, baseUrl, PANEL_WORKFLOW);
			await openNode(page, NANO_BANANA);
			for (const combination of all) await checkCombination(page, combination, shots);
		} finally {
			await page.close();
		}
	},
};
