import { falDetailText } from '../../nodes/NanoBanana/transport/errors';
import { redact, secretFragments } from '../../nodes/NanoBanana/helpers/errors';
import { appIdOf, queueRequestOf } from '../../nodes/NanoBanana/transport/queue';

describe('fal error details', () => {
	it('lists each field of a pydantic 422 without the leading "body"', () => {
		const body = {
			detail: [
				{
					loc: ['body', 'num_images'],
					msg: 'Input should be less than or equal to 4',
					type: 'less_than_equal',
				},
				{
					loc: ['body', 'aspect_ratio'],
					msg: "Input should be '1:1' or '16:9'",
					type: 'literal_error',
				},
			],
		};
		expect(falDetailText(body)).toBe(
			"num_images: Input should be less than or equal to 4; aspect_ratio: Input should be '1:1' or '16:9'",
		);
	});

	it('keeps a plain string detail, or a message, or plain text', () => {
		expect(falDetailText({ detail: 'User is locked. Reason: Exhausted balance.' })).toBe(
			'User is locked. Reason: Exhausted balance.',
		);
		expect(falDetailText({ message: 'overloaded' })).toBe('overloaded');
		expect(falDetailText('<html>Bad gateway</html>')).toBe('<html>Bad gateway</html>');
		expect(falDetailText({})).toBeUndefined();
	});

	it('redacts every occurrence of a secret', () => {
		expect(redact('key abc123:xyz and again abc123:xyz', ['abc123:xyz'])).toBe(
			'key *** and again ***',
		);
	});
});

describe('key redaction', () => {
	const key = 'a1b2c3d4-key-id:s3cr3t-5678/with+chars';
	const echoes = [
		key,
		'a1b2c3d4-key-id',
		's3cr3t-5678/with+chars',
		encodeURIComponent(key),
		encodeURIComponent(key).toLowerCase(),
		encodeURIComponent('s3cr3t-5678/with+chars'),
	];
	it.each(echoes)('hides the echoed form %s', (echo) => {
		const text = redact(`proxy said: ${echo} was refused`, secretFragments(key));
		expect(text).toBe('proxy said: *** was refused');
	});

	it('reads the key as the node sends it: trimmed', () => {
		expect(secretFragments(`  ${key}\n`)).toContain(key);
	});
});

describe('fal queue URLs', () => {
	const queue = 'https://queue.fal.run';
	it.each([
		['fal-ai/nano-banana', 'fal-ai/nano-banana'],
		['fal-ai/nano-banana/edit', 'fal-ai/nano-banana'],
		['fal-ai/nano-banana-pro/edit', 'fal-ai/nano-banana-pro'],
		['google/nano-banana-lite/edit', 'google/nano-banana-lite'],
	])('requests of %s live under %s', (endpoint, app) => {
		expect(appIdOf(endpoint)).toBe(app);
		expect(queueRequestOf(endpoint, { request_id: 'abc' })).toEqual({
			requestId: 'abc',
			statusUrl: `${queue}/${app}/requests/abc/status`,
			responseUrl: `${queue}/${app}/requests/abc`,
			cancelUrl: `${queue}/${app}/requests/abc/cancel`,
		});
	});

	it("prefers the URLs fal's submit answer gives, on fal's own host only", () => {
		const given = `${queue}/fal-ai/nano-banana/requests/abc/status`;
		expect(
			queueRequestOf('fal-ai/nano-banana/edit', {
				request_id: 'abc',
				status_url: given,
				response_url: 'https://elsewhere.example/abc',
			}),
		).toMatchObject({ statusUrl: given, responseUrl: `${queue}/fal-ai/nano-banana/requests/abc` });
	});
});
