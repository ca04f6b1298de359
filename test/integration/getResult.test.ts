import { randomUUID } from 'node:crypto';

import type { FalEmulator } from '../emulator';
import { generateImage, imageSeed } from '../emulator/images/generate';
import { useEmulator } from '../helpers/emulator';
import { runNode, runNodeExpectingError } from '../helpers/runNode';

let emulator: FalEmulator;
useEmulator({ processingMs: 10 }, (started) => (emulator = started));

/** Submits one job without waiting and returns its request id. */
async function submitted(parameters: Record<string, unknown> = {}): Promise<string> {
	const { output } = await runNode(emulator, {
		prompt: 'A banana on the moon',
		waitForResult: false,
		...parameters,
	});
	return output[0].json.requestId as string;
}

const getResult = (requestId: string, more: Record<string, unknown> = {}) => ({
	operation: 'getResult',
	requestId,
	...more,
});

describe('Get Result', () => {
	it('waits for a finished job and outputs what Generate outputs, byte-exact, paired', async () => {
		const requestId = await submitted({ model: 'nano-banana-2', numImages: 2 });
		const { output, execution } = await runNode(
			emulator,
			getResult(requestId, { model: 'nano-banana-2' }),
		);
		const [job] = emulator.submissions();
		expect(emulator.submissions()).toHaveLength(1);
		expect(output).toHaveLength(2);
		output.forEach((item, index) => {
			expect(item.json).toMatchObject({
				requestId,
				model: 'fal-ai/nano-banana-2',
				description: job.output!.description,
				index,
				url: job.output!.images[index].url,
				binaryProperty: 'data',
			});
			expect(item.json.prompt).toBeUndefined();
			expect(item.pairedItem).toEqual({ item: 0 });
			const served = emulator.media.get(job.output!.images[index].url)!.bytes;
			expect(execution.readBinary(item.binary!.data).equals(served)).toBe(true);
		});
	});

	it('an edit request is found under its model: requests live under owner/app', async () => {
		const bytes = generateImage({
			size: { width: 64, height: 48 },
			format: 'png',
			seed: imageSeed(['e']),
		}).bytes;
		const { output: submittedEdit } = await runNode(
			emulator,
			{ operation: 'edit', model: 'nano-banana-2', prompt: 'make it blue', waitForResult: false },
			{
				items: [
					{
						json: {},
						binary: { data: { data: bytes.toString('base64'), mimeType: 'image/png' } },
					},
				],
			},
		);
		const requestId = submittedEdit[0].json.requestId as string;
		const viaModel = await runNode(emulator, getResult(requestId, { model: 'nano-banana-2' }));
		expect(viaModel.output[0].json).toMatchObject({ requestId, model: 'fal-ai/nano-banana-2' });
		const viaEndpoint = await runNode(
			emulator,
			getResult(requestId, { model: 'other', endpointId: 'fal-ai/nano-banana-2/edit' }),
		);
		expect(viaEndpoint.output[0].json).toMatchObject({
			requestId,
			model: 'fal-ai/nano-banana-2/edit',
		});
	});

	it('Return URLs Only and All Images in One Item shape the output as on Generate', async () => {
		const requestId = await submitted({ numImages: 2 });
		const { output } = await runNode(
			emulator,
			getResult(requestId, { options: { returnUrlsOnly: true, outputMode: 'allImagesInOneItem' } }),
		);
		const [job] = emulator.submissions();
		expect(output).toHaveLength(1);
		expect(output[0].binary).toBeUndefined();
		expect((output[0].json.images as Array<{ url: string }>).map((image) => image.url)).toEqual(
			job.output!.images.map((image) => image.url),
		);
		expect(emulator.requests.filter((request) => request.route === 'media')).toHaveLength(0);
	});

	it("a job that failed at fal is that item's error, with fal's text", async () => {
		emulator.behaviour.modelError = { status: 500, body: { detail: 'Model inference failed' } };
		const requestId = await submitted();
		const error = await runNodeExpectingError(
			emulator,
			getResult(requestId, { options: { maxRetries: 0 } }),
		);
		expect(error.message).toMatch(/Model inference failed.*\[item 0\]$/);
		expect(error.message).toContain(requestId);
	});

	it('an unknown request id says so, naming the model it was looked for under', async () => {
		const requestId = randomUUID();
		const error = await runNodeExpectingError(emulator, getResult(requestId));
		expect(error.message).toBe(
			`fal knows no request ${requestId} for fal-ai/nano-banana (404) [item 0]`,
		);
		expect(error.description).toMatch(/the model the request was submitted to/);
	});

	it('a request of another model is unknown under this one', async () => {
		const requestId = await submitted({ model: 'nano-banana-pro' });
		const error = await runNodeExpectingError(
			emulator,
			getResult(requestId, { model: 'nano-banana' }),
		);
		expect(error.message).toBe(
			`fal knows no request ${requestId} for fal-ai/nano-banana (404) [item 0]`,
		);
	});

	it('a job still running when Timeout passes fails the item and is not cancelled', async () => {
		emulator.holdJobs();
		const requestId = await submitted();
		const error = await runNodeExpectingError(
			emulator,
			getResult(requestId, { options: { timeout: 1 } }),
		);
		expect(error.message).toBe(
			`fal did not finish request ${requestId} within the timeout of 1 s; it was not cancelled and keeps running at fal [item 0]`,
		);
		expect(emulator.requests.filter((request) => request.route === 'cancel')).toHaveLength(0);
		const [job] = emulator.submissions();
		expect(job.cancelled).toBe(false);
		emulator.releaseJobs();
	});

	it('Continue On Fail: each item gets its own result or error, paired', async () => {
		const first = await submitted();
		const unknown = randomUUID();
		const { output } = await runNode(
			emulator,
			getResult('={{ $json.id }}', { options: { returnUrlsOnly: true } }),
			{
				items: [{ json: { id: first } }, { json: { id: unknown } }, { json: { id: 'not an id' } }],
				continueOnFail: true,
			},
		);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[0].json.requestId).toBe(first);
		expect(output[1].json.error).toBe(
			`fal knows no request ${unknown} for fal-ai/nano-banana (404) [item 1]`,
		);
		expect(output[2].json.error).toMatch(
			/^The "Request ID" parameter must be a fal request id.*\[item 2\]$/,
		);
	});

	it('an empty Request ID is refused before fal is asked', async () => {
		const error = await runNodeExpectingError(emulator, getResult(''));
		expect(error.message).toBe('The "Request ID" parameter is empty [item 0]');
		expect(emulator.requests).toHaveLength(0);
	});

	it('keeps answering Custom API Call with its explanation', async () => {
		const error = await runNodeExpectingError(emulator, { operation: '__CUSTOM_API_CALL__' });
		expect(error.message).toMatch(/HTTP Request node/);
	});
});
