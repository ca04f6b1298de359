import assert from 'node:assert/strict';
import { generateImage, imageSeed } from '../../emulator';
import { Shots } from '../session';
import { executeExample } from './executeExample';
import { showOutput } from './output';
import type { UiStep } from './types';

/** Edit Image fed by Read/Write Files from Disk, run from the editor. */
export const editFromDiskStep: UiStep = {
	name: 'edit: an image read from disk is edited from the editor, and fal received that file',
	async run(ctx) {
		const shots = new Shots('edit-from-disk');
		const input = generateImage({
			size: { width: 480, height: 320 },
			format: 'png',
			seed: imageSeed(['ui input']),
		});
		ctx.ui.n8n.writeFile('nano-banana/input.png', input.bytes);
		const { page, job } = await executeExample(ctx, 'edit-file-from-disk.json', shots);
		try {
			assert.equal(job.endpoint, 'fal-ai/nano-banana/edit');
			assert.ok(
				job.receivedImages?.[0]?.bytes?.equals(input.bytes),
				'fal did not receive the file read from disk',
			);
			await showOutput(ctx, page, job, shots);
		} finally {
			await page.close();
		}
	},
};
