import {
	clashingFields,
	endpointIdProblem,
	parseAdditionalFields,
} from '../../nodes/NanoBanana/helpers/otherEndpoint';

describe('Other Family Endpoint: which endpoint IDs the node calls', () => {
	it.each([
		['google/nano-banana-2.1', 'generate'],
		['google/nano-banana-2.1/edit', 'edit'],
		['fal-ai/nano-banana-3', 'generate'],
		['fal-ai/gemini-3-pro-image-preview/edit', 'edit'],
		['google/Nano-Banana-2-Lite', 'generate'],
	] as const)('takes %s for %s', (id, operation) => {
		expect(endpointIdProblem(id, operation)).toBeUndefined();
	});

	it.each([
		['fal-ai/flux-pro', 'not of the family'],
		['nano-banana-2.1', 'no owner'],
		['google/nano-banana-2.1/extra/edit', 'too many parts'],
		['google/nano-banana-2.1/upscale', 'a sub-path other than /edit'],
		['https://queue.fal.run/google/nano-banana-2.1', 'a URL'],
		['google/../nano-banana', 'a path trick'],
		['gemini/flux', 'the family word only in the owner'],
	])('refuses %s (%s)', (id) => {
		expect(endpointIdProblem(id, 'generate')).toMatch(/^must be an ID shaped owner\/name/);
	});

	it('matches the ID to the operation, naming the ID to use', () => {
		expect(endpointIdProblem('google/nano-banana-2.1', 'edit')).toBe(
			'must end in /edit for Edit Image, e.g. google/nano-banana-2.1/edit',
		);
		expect(endpointIdProblem('google/nano-banana-2.1/edit', 'generate')).toBe(
			'ends in /edit, which is for Edit Image; for Generate Image use google/nano-banana-2.1',
		);
	});
});

describe('Other Family Endpoint: Additional Fields (JSON)', () => {
	it('reads a JSON object from text or as n8n hands it over', () => {
		expect(parseAdditionalFields('{"resolution": "2K"}')).toEqual({ resolution: '2K' });
		expect(parseAdditionalFields({ resolution: '2K' })).toEqual({ resolution: '2K' });
		expect(parseAdditionalFields('')).toEqual({});
		expect(parseAdditionalFields(undefined)).toEqual({});
	});

	it('says why text is not an object', () => {
		expect(parseAdditionalFields('{"resolution": ')).toMatch(/^is not valid JSON \(/);
		expect(parseAdditionalFields('[1, 2]')).toBe('must be a JSON object, e.g. {"resolution": "2K"}');
		expect(parseAdditionalFields('"2K"')).toBe('must be a JSON object, e.g. {"resolution": "2K"}');
	});

	it('finds every field the node already sends, and only those', () => {
		const sent = ['prompt', 'num_images', 'output_format', 'sync_mode', 'image_urls'];
		expect(clashingFields(sent, { resolution: '2K', prompt: 'x', image_urls: [] })).toEqual([
			'prompt',
			'image_urls',
		]);
		expect(clashingFields(sent, { resolution: '2K', aspect_ratio: '16:9' })).toEqual([]);
	});
});
