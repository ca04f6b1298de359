import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { UiInstance } from './setup';
import type { N8nOwner } from '../tooling/n8nRest';
import { sleep } from '../tooling/wait';

export const ARTIFACTS = join(__dirname, 'artifacts');

/** The editor's login on the test instance: it only ever listens on 127.0.0.1. */
export const UI_OWNER: N8nOwner = {
	email: 'ui-test@nano-banana.local',
	firstName: 'Nano',
	lastName: 'Banana',
	password: 'NanoBanana-ui-1',
};

/** What every step gets: the running instance and a logged-in browser. */
export interface UiContext {
	ui: UiInstance;
	browser: BrowserContext;
	baseUrl: string;
}

/** Signs the browser in through n8n's REST API; the session cookie is shared by all pages. */
export async function signIn(browser: BrowserContext, baseUrl: string): Promise<void> {
	const response = await browser.request.post(`${baseUrl}/rest/login`, {
		data: { emailOrLdapLoginId: UI_OWNER.email, password: UI_OWNER.password },
	});
	if (!response.ok())
		throw new Error(`sign-in failed: HTTP ${response.status()} ${await response.text()}`);
}

/** Saves `<step>-<n>-<what>.png` into the artifacts folder and returns its path. */
export class Shots {
	private count = 0;

	constructor(private readonly step: string) {
		mkdirSync(ARTIFACTS, { recursive: true });
	}

	async take(page: Page, what: string): Promise<string> {
		const file = join(ARTIFACTS, `${this.step}-${++this.count}-${what}.png`);
		await page.screenshot({ path: file });
		return file;
	}
}

/**
 * Repeats `read` until `done` accepts its value or the time is up, then returns the last value:
 * the editor renders asynchronously, and the final comparison gives the better message.
 */
export async function settle<T>(
	read: () => Promise<T>,
	done: (value: T) => boolean,
	timeoutMs = 10_000,
): Promise<T> {
	const until = Date.now() + timeoutMs;
	let value = await read();
	while (!done(value) && Date.now() < until) {
		await sleep(250);
		value = await read();
	}
	return value;
}

/** Opens a workflow in the editor; takes over the edit lock a closed earlier page may still hold. */
export async function openWorkflow(page: Page, baseUrl: string, id: string): Promise<void> {
	await page.goto(`${baseUrl}/workflow/${id}`);
	await page.getByTestId('canvas-node').first().waitFor();
	const editHere = page.getByRole('button', { name: 'Edit here' });
	await editHere.waitFor({ timeout: 2_000 }).catch(() => undefined);
	if (await editHere.isVisible()) await editHere.click();
}

/** Opens a canvas node's panel (NDV) by its name. */
export async function openNode(page: Page, name: string): Promise<void> {
	await page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`).dblclick();
	await page.getByTestId('ndv').waitFor();
}

/** Closes n8n's notifications, which would cover part of the next screenshots. */
export async function closeToasts(page: Page): Promise<void> {
	const close = page.locator('.el-notification .el-notification__closeBtn');
	for (const button of await close.all()) await button.click().catch(() => undefined);
	await close
		.first()
		.waitFor({ state: 'hidden' })
		.catch(() => undefined);
}
