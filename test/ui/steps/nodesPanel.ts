import assert from 'node:assert/strict';
import { Shots } from '../session';
import type { UiStep } from './types';

const SEARCHES = ['banana', 'fal', 'image'];

/** The nodes panel finds the node by name, by its service and by what it does, with its icon. */
export const nodesPanelStep: UiStep = {
	name: 'nodes panel: "banana", "fal" and "image" find Nano Banana, with its icon',
	async run({ browser, baseUrl }) {
		const shots = new Shots('nodes-panel');
		const page = await browser.newPage();
		try {
			await page.goto(`${baseUrl}/workflow/new`);
			await page.getByTestId('node-creator-plus-button').click();
			for (const term of SEARCHES) {
				await page.getByTestId('node-creator-search-bar').fill(term);
				const item = page.getByTestId('node-creator-action-item').filter({
					has: page.getByTestId('node-creator-item-name').getByText('Nano Banana', { exact: true }),
				});
				await item
					.first()
					.waitFor({ timeout: 10_000 })
					.catch(() => undefined);
				const names = await page.getByTestId('node-creator-item-name').allInnerTexts();
				assert.ok(
					names.includes('Nano Banana'),
					`"${term}" did not list Nano Banana; listed: ${names.join(', ')}`,
				);
				const icon = item.first().locator('img').first();
				const { src, width } = await icon.evaluate((img: HTMLImageElement) => ({
					src: img.getAttribute('src') ?? '',
					width: img.naturalWidth,
				}));
				assert.match(
					src,
					/\/icons\/n8n-nodes-fal-nano-banana\/.*nanoBanana(\.dark)?\.svg$/,
					`icon source: ${src}`,
				);
				assert.ok(width > 0, `the icon ${src} did not load`);
				await shots.take(page, `search-${term}`);
			}
		} finally {
			await page.close();
		}
	},
};
