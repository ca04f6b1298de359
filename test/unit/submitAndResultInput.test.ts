import { NodeHelpers, type IDataObject, type INodeProperties } from 'n8n-workflow';

import { NanoBanana } from '../../nodes/NanoBanana/NanoBanana.node';
import type { ImageJob } from '../../nodes/NanoBanana/helpers/interfaces';
import { readResultRequest } from '../../nodes/NanoBanana/helpers/resultRequest';
import { readSubmitOnly } from '../../nodes/NanoBanana/helpers/submitOnly';
import { submitUrlOf } from '../../nodes/NanoBanana/transport/queue';
import { TestExecution } from '../helpers/executeFunctions';

const context = (parameters: IDataObject) => new TestExecution({ parameters }).context();
const job = (input: IDataObject = {}) =>
	({ input, endpoint: 'fal-ai/nano-banana-pro/edit' }) as unknown as ImageJob;
const submitOnly = (parameters: IDataObject, input?: IDataObject) =>
	readSubmitOnly(context({ prompt: 'p', ...parameters }), 0, job(input));

describe('Wait for Result and Notify URL', () => {
	it('waits by default: no submit-only settings', () => {
		expect(submitOnly({})).toBeUndefined();
		expect(submitOnly({ waitForResult: true, notifyUrl: 'nonsense' })).toBeUndefined();
	});

	it('off, with or without a Notify URL', () => {
		expect(submitOnly({ waitForResult: false })).toEqual({});
		expect(
			submitOnly({ waitForResult: false, notifyUrl: ' https://h.example.com/w?a=1 ' }),
		).toEqual({
			notifyUrl: 'https://h.example.com/w?a=1&endpoint=fal-ai%2Fnano-banana-pro%2Fedit',
		});
		// An endpoint the user put on the URL is theirs to keep.
		expect(
			submitOnly({ waitForResult: false, notifyUrl: 'https://h.example.com/w?endpoint=x%2Fy' }),
		).toEqual({ notifyUrl: 'https://h.example.com/w?endpoint=x%2Fy' });
		expect(submitOnly({ waitForResult: '={{ "false" }}' })).toEqual({});
	});

	it.each(['ftp://h.example.com/w', 'h.example.com/w', 'javascript:alert(1)', '={{ 42 }}'])(
		'refuses the Notify URL %s, naming the parameter and the item',
		(notifyUrl) => {
			expect(() => submitOnly({ waitForResult: false, notifyUrl })).toThrow(
				/^The "Notify URL" parameter must be an http\(s\) URL, got .* \[item 0\]$/,
			);
		},
	);

	it('refuses a Wait for Result that is not true or false, and Sync Mode when not waiting', () => {
		expect(() => submitOnly({ waitForResult: '={{ "later" }}' })).toThrow(
			'The "Wait for Result" parameter must be true or false, got "later" [item 0]',
		);
		expect(() => submitOnly({ waitForResult: false }, { sync_mode: true })).toThrow(
			'Sync Mode cannot be used with "Wait for Result" off [item 0]',
		);
	});

	it("puts the Notify URL in the submit URL as fal's fal_webhook, encoded", () => {
		expect(submitUrlOf('fal-ai/nano-banana')).toBe('https://queue.fal.run/fal-ai/nano-banana');
		const url = new URL(submitUrlOf('fal-ai/nano-banana/edit', 'https://h.example.com/w?a=1&b=2'));
		expect(url.pathname).toBe('/fal-ai/nano-banana/edit');
		expect(url.searchParams.get('fal_webhook')).toBe('https://h.example.com/w?a=1&b=2');
	});
});

describe('Get Result input', () => {
	const read = (parameters: IDataObject) =>
		readResultRequest(context({ operation: 'getResult', ...parameters }), 0);
	const id = '3f1c2a9e-8d4b-4c1a-9f0e-2b7d6c5a4e31';

	it("looks the request up under the model's app, or the Endpoint ID's", () => {
		expect(read({ requestId: id, model: 'nano-banana-pro' }).request).toMatchObject({
			requestId: id,
			statusUrl: `https://queue.fal.run/fal-ai/nano-banana-pro/requests/${id}/status`,
			responseUrl: `https://queue.fal.run/fal-ai/nano-banana-pro/requests/${id}`,
		});
		const other = read({ requestId: id, model: 'other', endpointId: 'google/nano-banana-9/edit' });
		expect(other.job.endpoint).toBe('google/nano-banana-9/edit');
		expect(other.request.statusUrl).toBe(
			`https://queue.fal.run/google/nano-banana-9/requests/${id}/status`,
		);
	});

	it('reads the output options as Generate does', () => {
		const { job: options } = read({
			requestId: id,
			options: { returnUrlsOnly: true, timeout: 5, binaryPropertyOutput: 'image' },
		});
		expect(options.options).toMatchObject({
			urlsOnly: true,
			timeoutMs: 5000,
			binaryPropertyOutput: 'image',
		});
	});

	it.each([
		['', 'The "Request ID" parameter is empty [item 0]'],
		[
			'a b',
			'The "Request ID" parameter must be a fal request id (letters, digits and dashes, as in 3f1c…-…), got "a b" [item 0]',
		],
		[
			'../x',
			'The "Request ID" parameter must be a fal request id (letters, digits and dashes, as in 3f1c…-…), got "../x" [item 0]',
		],
	])('refuses the Request ID "%s"', (requestId, message) => {
		expect(() => read({ requestId })).toThrow(message);
	});

	it('refuses an Endpoint ID outside the family, as Generate does', () => {
		expect(() => read({ requestId: id, model: 'other', endpointId: 'fal-ai/flux' })).toThrow(
			/^The "Endpoint ID" parameter must be an ID shaped owner\/name/,
		);
	});
});

describe('the editor', () => {
	const { description } = new NanoBanana();
	const { properties } = description;
	const node = { typeVersion: 1 };
	const shown = (parameters: IDataObject) => {
		const values =
			NodeHelpers.getNodeParameters(
				properties,
				parameters as never,
				true,
				false,
				node,
				description,
			) ?? {};
		return properties
			.filter((p: INodeProperties) => NodeHelpers.displayParameter(values, p, node, description))
			.map((p) => p.name);
	};

	it('shows Notify URL only with Wait for Result off, and neither for Get Result', () => {
		expect(shown({ operation: 'generate' })).toEqual(expect.arrayContaining(['waitForResult']));
		expect(shown({ operation: 'generate' })).not.toContain('notifyUrl');
		expect(shown({ operation: 'edit', waitForResult: false })).toContain('notifyUrl');
		const forGetResult = shown({ operation: 'getResult' });
		expect(forGetResult).toEqual(expect.arrayContaining(['model', 'requestId', 'options']));
		for (const name of [
			'prompt',
			'numImages',
			'aspectRatio',
			'syncMode',
			'waitForResult',
			'notifyUrl',
		]) {
			expect(forGetResult).not.toContain(name);
		}
	});
});
