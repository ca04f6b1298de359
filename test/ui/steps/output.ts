import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { EmulatorJob } from '../../emulator';
import type { Shots, UiContext } from '../session';

const EXTENSIONS: Record<string, string> = {
	'image/png': 'png',
	'image/jpeg': 'jpg',
	'image/webp': 'webp',
};

function field(card: string, name: string): string {
	const match = new RegExp(`${name}:\\s*\\n?\\s*(\\S+)`).exec(card);
	assert.ok(match, `the binary card shows no "${name}": ${card}`);
	return match[1];
}

/**
 * Checks the open node's output panel: the first binary card shows the MIME type of the format
 * the node asked for and a file name whose extension fits it, and its "View" preview is an <img> that loaded, with the size
 * of the image fal served and exactly its bytes.
 */
export async function checkBinaryPreview(
	ctx: UiContext,
	page: Page,
	job: EmulatorJob,
): Promise<void> {
	// The format the node asked fal for; fal's default is PNG.
	const mimeType = `image/${String(job.input.output_format ?? 'png')}`;
	const output = page.getByTestId('output-panel');
	const card = output.getByTestId('ndv-binary-data_0');
	await card.waitFor({ timeout: 60_000 });
	const text = await card.innerText();
	const fileName = field(text, 'File Name');
	assert.equal(field(text, 'Mime Type'), mimeType);
	assert.ok(
		fileName.endsWith(`.${EXTENSIONS[mimeType]}`),
		`file name ${fileName} does not fit ${mimeType}`,
	);

	await card.getByTestId('ndv-view-binary-data').click();
	const img = output.locator('img[src*="/rest/binary-data"]');
	await img.waitFor();
	await img.evaluate(async (element: HTMLImageElement) => {
		if (!element.complete)
			await new Promise((resolve) => element.addEventListener('load', resolve, { once: true }));
	});
	const shown = await img.evaluate((element: HTMLImageElement) => ({
		src: element.src,
		width: element.naturalWidth,
		height: element.naturalHeight,
	}));
	const image = job.output?.images[0];
	assert.ok(image, `fal job ${job.requestId} has no image`);
	const served = ctx.ui.emu.media.get(image.url);
	assert.ok(served, `the emulator never served ${image.url}`);
	assert.deepEqual(
		{ width: shown.width, height: shown.height },
		{ width: served.width, height: served.height },
		'the preview does not have the size of the image fal served',
	);
	assert.equal(
		new URL(shown.src).searchParams.get('fileName'),
		fileName,
		'the preview serves another file',
	);
	const bytes = Buffer.from(await (await ctx.browser.request.get(shown.src)).body());
	assert.ok(bytes.equals(served.bytes), 'the preview bytes differ from the image fal served');
}

/** Waits for the executed node's output, then checks its image preview; a screenshot of each. */
export async function showOutput(
	ctx: UiContext,
	page: Page,
	job: EmulatorJob,
	shots: Shots,
): Promise<void> {
	await page
		.getByTestId('output-panel')
		.getByTestId('ndv-binary-data_0')
		.waitFor({ timeout: 60_000 });
	await shots.take(page, 'output');
	await checkBinaryPreview(ctx, page, job);
	await shots.take(page, 'preview');
}
