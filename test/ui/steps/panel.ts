import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';

/** A label as the panel shows it, without the required-field star and any second line. */
export function label(text: string): string {
	return text
		.split('\n')[0]
		.replace(/\s*\*\s*$/, '')
		.trim();
}

/** Opens a dropdown parameter and picks the option with this label. */
export async function choose(
	page: Page,
	params: Locator,
	name: string,
	optionLabel: string,
): Promise<void> {
	const options = page.locator('.el-select-dropdown__item:visible');
	await params.getByTestId(`parameter-input-${name}`).click();
	await options.first().waitFor();
	const texts = (await options.allInnerTexts()).map(label);
	const index = texts.indexOf(optionLabel);
	assert.ok(index >= 0, `the "${name}" list has no "${optionLabel}" (has: ${texts.join(', ')})`);
	await options.nth(index).click();
	// The list fades out: until it is gone, the next list opened would be read as this one.
	await options.first().waitFor({ state: 'hidden' });
}

/** The option labels a collection's "Add" list offers. */
export async function collectionOptions(
	page: Page,
	params: Locator,
	collection: string,
): Promise<string[]> {
	const row = params
		.getByTestId('parameter-item')
		.filter({ has: page.locator('label', { hasText: collection }) });
	await row.getByTestId('collection-parameter-add').click();
	const options = page.getByTestId('collection-parameter-option').locator('visible=true');
	await options.first().waitFor();
	const texts = (await options.allInnerTexts()).map(label);
	// Escape leaves this list open; a click elsewhere in the panel closes it.
	await page.getByTestId('tab-params').click();
	await options.first().waitFor({ state: 'hidden' });
	return texts;
}
