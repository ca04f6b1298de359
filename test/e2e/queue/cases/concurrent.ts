import assert from 'node:assert/strict';
import { say } from '../../../tooling/log';
import { WEBHOOK } from '../workflows';
import { prompts } from '../prompts';
import { jobsFor, newestExecutionId, startedBy, type QueueCase } from './helpers';

export const CONCURRENT_EXECUTIONS = 20;

/** Where each line keeps binaries in queue mode by default. */
const STORE: Record<string, string> = {
	'2': 'database mode: binary_data table',
	'1': 'default mode: base64 in the saved execution data',
};

export const concurrentWebhooks: QueueCase = {
	name: `${CONCURRENT_EXECUTIONS} concurrent webhook executions over both workers, images byte-identical in n8n's binary store`,
	async run(stack) {
		await stack.emu.control.setOptions({ processingMs: 1500 });
		const before = await newestExecutionId(stack);
		const list = prompts('concurrent', CONCURRENT_EXECUTIONS);
		const answers = await Promise.all(
			list.map((prompt) => stack.api.webhook(WEBHOOK.generate, { prompt })),
		);
		answers.forEach((answer, i) =>
			assert.equal(answer.status, 200, `request ${i + 1}: ${answer.bytes.toString()}`),
		);

		const executions = (await stack.db.executions(stack.ids.generate)).filter(
			(row) => Number(row.id) > before,
		);
		assert.equal(executions.length, CONCURRENT_EXECUTIONS, 'one execution per request');
		const failed = executions.filter((row) => row.status !== 'success');
		assert.deepEqual(failed, [], 'every execution succeeds');

		const ids = executions.map((row) => row.id);
		const [first, second] = stack.workers.map((worker) => startedBy(worker, ids));
		say(`  worker-1 ran ${first.length}, worker-2 ran ${second.length} of ${ids.length}`);
		assert.ok(first.length > 0 && second.length > 0, 'both workers ran some executions');
		assert.equal(first.length + second.length, ids.length, 'every execution ran on a worker');

		const jobs = await jobsFor(stack, list);
		assert.equal(jobs.length, CONCURRENT_EXECUTIONS, 'one paid request per execution');
		const media = new Map((await stack.emu.control.media()).map((m) => [m.url, m]));
		const images = jobs.flatMap((job) => job.imageUrls.map((url) => media.get(url)));
		assert.equal(images.length, 2 * CONCURRENT_EXECUTIONS, 'two images per job');
		assert.ok(
			images.every((image) => image && image.served > 0),
			'every image was downloaded from fal',
		);
		const served = images.map((image) => image?.sha256);

		const stored = await stack.db.imageHashes(stack.installed.line.name, ids);
		for (const id of ids) {
			assert.equal(stored.get(id)?.length, 2, `execution ${id} keeps two images`);
		}
		assert.deepEqual(
			[...stored.values()].flat().sort(),
			[...served].sort(),
			`the bytes in n8n's binary store (${STORE[stack.installed.line.name]}) are exactly the images the emulator served`,
		);
	},
};
