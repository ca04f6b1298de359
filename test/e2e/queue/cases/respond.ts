import assert from 'node:assert/strict';
import { sha256 } from '../../../emulator';
import { prompts } from '../prompts';
import { WEBHOOK } from '../workflows';
import { jobsFor, type QueueCase } from './helpers';

export const respondWithBinary: QueueCase = {
	name: 'Respond to Webhook returns the exact image bytes to the caller',
	async run(stack) {
		await stack.emu.control.setOptions({ processingMs: 300 });
		const [prompt] = prompts('respond', 1);
		const answer = await stack.api.webhook(WEBHOOK.respond, { prompt });
		assert.equal(answer.status, 200, answer.bytes.toString().slice(0, 500));
		assert.match(answer.contentType, /^image\/png/);
		const [job] = await jobsFor(stack, [prompt]);
		assert.ok(job, 'the prompt reached fal');
		const media = (await stack.emu.control.media()).find((m) => m.url === job.imageUrls[0]);
		assert.ok(media, 'the emulator produced the image');
		assert.equal(sha256(answer.bytes), media.sha256, 'the webhook answered the served bytes');
		assert.equal(answer.bytes.length, media.size);
	},
};
