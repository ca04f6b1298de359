import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { INVALID, VALID } from '../../e2e/cases/credentials';
import { VALID_KEY } from '../../e2e/emulator';
import { settle, Shots, type UiContext } from '../session';
import type { UiStep } from './types';

const WRONG_KEY = 'not-a-valid-key';

/** Opens a saved credential from the Credentials list: n8n tests it as the dialog opens. */
async function openCredential(page: Page, baseUrl: string, name: string) {
	await page.goto(`${baseUrl}/home/credentials`);
	await page.getByTestId('resources-list-item').filter({ hasText: name }).first().waitFor();
	await page.getByTestId('resources-list-item').getByText(name, { exact: true }).click();
	const dialog = page.getByTestId('credential-edit-dialog');
	await dialog.waitFor();
	return dialog;
}

function keyChecks(ctx: UiContext, key: string) {
	return ctx.ui.emu.requests.filter((r) => r.route === 'upload-initiate' && r.key === key);
}

/** The credential's Test: success with the emulator's key, a clear refusal with a wrong one. */
export const credentialStep: UiStep = {
	name: 'credential: Test succeeds with the emulator key and says a wrong key was rejected, without showing it',
	async run(ctx) {
		const shots = new Shots('credential');
		const page = await ctx.browser.newPage();
		try {
			const before = keyChecks(ctx, VALID_KEY).length;
			let dialog = await openCredential(page, ctx.baseUrl, VALID.name);
			await dialog
				.getByTestId('credentials-config-container-test-success')
				.waitFor({ timeout: 20_000 });
			await shots.take(page, 'valid-key');
			const checks = keyChecks(ctx, VALID_KEY);
			assert.ok(checks.length > before, 'the Test never reached the fal emulator');
			assert.equal(checks[checks.length - 1].status, 200);
			// Pressing the banner's Retry runs the Test again.
			await dialog
				.getByTestId('credentials-config-container-test-success')
				.getByRole('button', { name: 'Retry' })
				.click();
			const again = await settle(
				async () => keyChecks(ctx, VALID_KEY).length,
				(count) => count > checks.length,
			);
			assert.ok(again > checks.length, 'Retry did not test the key again');
			await dialog
				.getByTestId('credentials-config-container-test-success')
				.waitFor({ timeout: 20_000 });

			dialog = await openCredential(page, ctx.baseUrl, INVALID.name);
			await dialog.getByText('Couldn’t connect with these settings').waitFor({ timeout: 20_000 });
			const details = dialog.getByText('More details');
			if (await details.isVisible()) await details.click();
			await dialog
				.getByText(/rejected the API key/)
				.waitFor({ timeout: 5_000 })
				.catch(() => undefined);
			const text = await dialog.innerText();
			await shots.take(page, 'wrong-key');
			assert.match(text, /fal rejected the API key \(401\)/, `the dialog says: ${text}`);
			assert.ok(!text.includes(WRONG_KEY), 'the dialog shows the key');
			assert.ok(
				keyChecks(ctx, WRONG_KEY).some((r) => r.status === 401),
				'the wrong key never reached fal',
			);
		} finally {
			await page.close();
		}
	},
};
