import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, selectors, type BrowserContext } from 'playwright-core';
import { processTree, stillRunning } from '../tooling/processes';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** No browser to drive: the message says how to get one, a stack trace would not help. */
export class MissingChromiumError extends Error {}

/** The Chromium to drive: CHROMIUM_PATH, or the Debian/Ubuntu package's. Installs nothing. */
export function findChromium(): string {
	const chosen = process.env.CHROMIUM_PATH?.trim();
	if (chosen) {
		if (!existsSync(chosen))
			throw new MissingChromiumError(`CHROMIUM_PATH=${chosen} does not exist`);
		return chosen;
	}
	const found = CANDIDATES.find((path) => existsSync(path));
	if (!found) {
		throw new MissingChromiumError(
			'No Chromium found (looked at ' +
				CANDIDATES.join(', ') +
				'). Install it with `sudo apt-get install chromium` on Debian/Ubuntu, or set CHROMIUM_PATH to a Chromium or Chrome binary.',
		);
	}
	return found;
}

export interface HeadlessBrowser {
	context: BrowserContext;
	close(): Promise<void>;
}

/**
 * Headless Chromium with a throw-away profile. The networking flags keep it from calling
 * home: on a machine without internet those connections are refused and slow everything down.
 */
export async function launchChromium(): Promise<HeadlessBrowser> {
	// n8n's editor marks elements with data-test-id.
	selectors.setTestIdAttribute('data-test-id');
	const profile = mkdtempSync(join(tmpdir(), 'nano-banana-ui-profile-'));
	// Playwright sets --user-data-dir itself from the profile folder.
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: findChromium(),
		headless: true,
		// The test runner stops the browser itself, in order, after the steps; Playwright's own
		// signal handlers would close it under a running step and exit before n8n is stopped.
		handleSIGINT: false,
		handleSIGTERM: false,
		handleSIGHUP: false,
		viewport: { width: 1440, height: 900 },
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
	});
	return {
		context,
		close: async () => {
			await Promise.race([
				context.close().catch(() => undefined),
				new Promise((resolve) => setTimeout(resolve, 10_000).unref()),
			]);
			// A browser that did not close in time is killed by PID: its command line names the
			// profile, which is this run's alone.
			const left = stillRunning(processTree(process.pid)).filter((p) =>
				p.command.includes(profile),
			);
			for (const p of left) {
				try {
					process.kill(p.pid, 'SIGKILL');
				} catch {
					// gone meanwhile
				}
			}
			rmSync(profile, { recursive: true, force: true });
		},
	};
}
