import { falDetailText } from '../../nodes/NanoBanana/transport/errors';
import { redact } from '../../nodes/NanoBanana/helpers/errors';
import { routeOf } from '../../nodes/NanoBanana/transport/route';

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

describe('fal routes', () => {
	const queue = 'https://queue.fal.run/fal-ai/nano-banana';
	it.each([
		[queue, 'POST', 'submit'],
		[`${queue}/edit`, 'POST', 'submit'],
		[`${queue}/requests/abc/status?logs=1`, 'GET', 'status'],
		[`${queue}/requests/abc/status/stream?logs=1`, 'GET', 'stream'],
		[`${queue}/requests/abc`, 'GET', 'result'],
		[`${queue}/requests/abc/cancel`, 'PUT', 'cancel'],
		[
			'https://rest.fal.ai/storage/upload/initiate?storage_type=fal-cdn-v3',
			'POST',
			'upload-initiate',
		],
		['http://127.0.0.1:9/upload/tok', 'PUT', 'upload'],
	])('%s %s is %s', (url, method, route) => {
		expect(routeOf(url, method)).toBe(route);
	});
});
