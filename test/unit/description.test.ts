import {
	NodeHelpers,
	type IDataObject,
	type ILoadOptionsFunctions,
	type INodeParameters,
	type INodeProperties,
	type INodePropertyOptions,
} from 'n8n-workflow';

import { FalNanoBananaApi } from '../../credentials/FalNanoBananaApi.credentials';
import { NanoBanana } from '../../nodes/NanoBanana/NanoBanana.node';
import { DEFAULTS } from '../../nodes/NanoBanana/helpers/constants';
import { DEFAULT_MODEL, MODELS, operationOf } from '../../nodes/NanoBanana/helpers/models';
import { ENDPOINT_SCHEMAS, type FieldSpec, type NanoBananaEndpoint } from '../emulator/schemas';

const { description } = new NanoBanana();

function property(name: string, operation = 'generate'): INodeProperties {
	const found = description.properties.find(
		(p) =>
			p.name === name &&
			(!p.displayOptions?.show?.operation || p.displayOptions.show.operation.includes(operation)),
	);
	if (!found) throw new Error(`no parameter "${name}" for ${operation}`);
	return found;
}

const values = (p: INodeProperties) =>
	(p.options as Array<{ value: unknown }>).map((option) => option.value);

describe('node description', () => {
	it('is the "Nano Banana" node, usable as a tool, with the fal API credential', () => {
		expect(description).toMatchObject({
			name: 'nanoBanana',
			displayName: 'Nano Banana',
			usableAsTool: true,
			credentials: [{ name: 'falNanoBananaApi', required: true }],
		});
		expect(values(property('operation'))).toEqual(['generate', 'edit', 'getResult']);
		expect(property('operation').default).toBe('generate');
	});

	it('exposes every model field under the agreed names, types and defaults', () => {
		expect(property('prompt')).toMatchObject({
			type: 'string',
			required: true,
			default: '',
			typeOptions: { rows: 4 },
		});
		expect(property('numImages')).toMatchObject({
			type: 'number',
			default: 1,
			typeOptions: { minValue: 1, maxValue: 4 },
		});
		expect(property('outputFormat')).toMatchObject({ type: 'options', default: 'jpeg' });
		expect(values(property('outputFormat'))).toEqual(expect.arrayContaining(['jpeg', 'png']));
		expect(property('aspectRatio')).toMatchObject({
			type: 'options',
			default: 'default',
			typeOptions: { loadOptionsMethod: 'getAspectRatios' },
		});
		expect(property('model')).toMatchObject({ type: 'options', default: 'nano-banana' });
		expect(values(property('model'))).toEqual([
			'nano-banana',
			'nano-banana-2',
			'nano-banana-pro',
			'nano-banana-lite',
			'nano-banana-2-lite',
			'other',
		]);
		expect(property('syncMode')).toMatchObject({ type: 'boolean', default: false });
	});

	it('gives Edit its image sources', () => {
		expect(property('inputBinaryFields', 'edit')).toMatchObject({
			type: 'string',
			default: 'data',
		});
		expect(property('useAllImageBinaries', 'edit')).toMatchObject({
			type: 'boolean',
			default: false,
		});
		expect(property('imageUrls', 'edit')).toMatchObject({
			type: 'string',
			typeOptions: { multipleValues: true },
		});
	});

	it('keeps rarely used settings in an alphabetical Options collection', () => {
		const options = property('options').options as INodeProperties[];
		const byName = Object.fromEntries(options.map((option) => [option.name, option]));
		expect(byName.binaryPropertyOutput.default).toBe('data');
		expect(byName.outputMode.default).toBe('oneItemPerImage');
		expect(values(byName.outputMode)).toEqual(['oneItemPerImage', 'allImagesInOneItem']);
		expect(byName.concurrency).toMatchObject({ default: 4, typeOptions: { maxValue: 16 } });
		expect(byName.timeout.default).toBe(300);
		// Node fires a timer above 2^31-1 ms at once: the editor stops the value well below.
		expect(byName.timeout.typeOptions).toMatchObject({ minValue: 1, maxValue: 86_400 });
		expect(byName.maxRetries.default).toBe(3);
		expect(byName.keepInputBinaries.default).toBe(false);
		expect(byName.returnUrlsOnly).toMatchObject({ type: 'boolean', default: false });
		expect(byName.enableWebSearch).toMatchObject({ type: 'boolean', default: false });
		expect(byName.systemPrompt).toMatchObject({ type: 'string', default: '' });
		expect(byName.thinkingLevel).toMatchObject({ type: 'options' });
		expect(byName.resolution).toMatchObject({ type: 'options', default: '1K' });
		const names = options.map((option) => option.displayName);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
		// The literal defaults n8n's linter checks are the ones the node applies.
		expect(byName.binaryPropertyOutput.default).toBe(DEFAULTS.binaryPropertyOutput);
		expect(byName.outputMode.default).toBe(DEFAULTS.outputMode);
		expect(byName.concurrency.default).toBe(DEFAULTS.concurrency);
		expect(byName.timeout.default).toBe(DEFAULTS.timeoutSeconds);
		expect(byName.maxRetries.default).toBe(DEFAULTS.maxRetries);
		expect(byName.maxDownloadMb.default).toBe(DEFAULTS.maxDownloadMb);
		expect(byName.safetyTolerance.default).toBe(DEFAULTS.safetyTolerance);
		expect(property('numImages').default).toBe(DEFAULTS.numImages);
		expect(property('outputFormat').default).toBe(DEFAULTS.outputFormat);
		expect(property('model').default).toBe(DEFAULT_MODEL);
	});
});

/** A node's parameters as n8n holds them once it loads a saved or imported workflow. */
function loadedAsN8nDoes(values: INodeParameters): INodeParameters {
	return (
		NodeHelpers.getNodeParameters(
			description.properties,
			values,
			true,
			false,
			{ typeVersion: 1 },
			description,
		) ?? {}
	);
}

/** The parameters n8n shows for this operation and model, decided by n8n's own displayParameter. */
async function fieldsFor(
	operation: string,
	model: string,
): Promise<Record<string, INodeProperties>> {
	const values = { operation, model };
	const root = loadedAsN8nDoes(values);
	const shown = (p: INodeProperties) =>
		NodeHelpers.displayParameter(root, p, { typeVersion: 1 }, description, root);
	const top = description.properties.filter(shown);
	const options = (property('options').options as INodeProperties[]).filter(shown);
	const found: Record<string, INodeProperties> = {};
	for (const p of [...top, ...options]) {
		if (found[p.name]) throw new Error(`two "${p.name}" fields shown for ${model} ${operation}`);
		found[p.name] = await withLoadedOptions(p, values);
	}
	return found;
}

/** A field's options as the editor lists them: loaded through the node's own method where it has one. */
async function withLoadedOptions(
	p: INodeProperties,
	values: IDataObject,
): Promise<INodeProperties> {
	const method = p.typeOptions?.loadOptionsMethod;
	if (!method) return p;
	const load = new NanoBanana().methods.loadOptions[method as 'getAspectRatios'];
	const context = { getCurrentNodeParameter: (name: string) => values[name] };
	return { ...p, options: await load.call(context as unknown as ILoadOptionsFunctions) };
}

type Schema = (typeof ENDPOINT_SCHEMAS)[NanoBananaEndpoint];
function enumOf(
	schema: Schema,
	field: string,
): { options: string[]; default?: string } | undefined {
	const spec = (schema.fields as Record<string, FieldSpec>)[field];
	if (!spec) return undefined;
	if (spec.type !== 'enum') throw new Error(`${field} is not an enum in fal's schema`);
	return { options: [...spec.options], default: spec.default };
}
const sorted = (list: unknown[]) => [...list].map(String).sort();

describe("each model's fields, held against fal's schema of its endpoint", () => {
	const cases = MODELS.flatMap((model) =>
		(['generate', 'edit'] as const).flatMap((operation) => {
			const spec = operationOf(model, operation);
			return spec ? [{ model: model.id, operation, endpoint: spec.endpoint }] : [];
		}),
	);

	it('knows the endpoints fal serves, one per model and operation', () => {
		expect(sorted(cases.map((c) => c.endpoint))).toEqual(sorted(Object.keys(ENDPOINT_SCHEMAS)));
	});

	it.each(cases)('$model $operation ($endpoint)', async ({ model, operation, endpoint }) => {
		const schema = ENDPOINT_SCHEMAS[endpoint as NanoBananaEndpoint];
		expect(schema).toBeDefined();
		const fields = await fieldsFor(operation, model);

		// "Model Default" stands for fal's default of this endpoint; the rest are fal's values.
		const ratio = enumOf(schema, 'aspect_ratio')!;
		const [modelDefault, ...ratios] = fields.aspectRatio.options as INodePropertyOptions[];
		expect(modelDefault).toEqual({ name: `Model Default (${ratio.default})`, value: 'default' });
		expect(sorted(ratios.map((r) => r.value))).toEqual(sorted(ratio.options));
		expect(fields.aspectRatio.default).toBe('default');

		expect(sorted(values(fields.outputFormat))).toEqual(
			sorted(enumOf(schema, 'output_format')!.options),
		);
		expect(sorted(values(fields.safetyTolerance))).toEqual(
			sorted(enumOf(schema, 'safety_tolerance')!.options),
		);
		const numImages = (schema.fields as Record<string, FieldSpec>).num_images as { max?: number };
		expect(fields.numImages.typeOptions?.maxValue).toBe(numImages.max);

		const resolution = enumOf(schema, 'resolution');
		expect(fields.resolution !== undefined).toBe(resolution !== undefined);
		if (resolution) {
			expect(sorted(values(fields.resolution))).toEqual(sorted(resolution.options));
			expect(fields.resolution.default).toBe(resolution.default);
		}
		const thinking = enumOf(schema, 'thinking_level');
		expect(fields.thinkingLevel !== undefined).toBe(thinking !== undefined);
		if (thinking) expect(sorted(values(fields.thinkingLevel))).toEqual(sorted(thinking.options));

		// Adding an option sets its default: it must be fal's, or adding it changes what fal does.
		const limit = (schema.fields as Record<string, FieldSpec>).limit_generations;
		expect(limit).toMatchObject({ type: 'boolean', default: true });
		expect(fields.options.options).toContainEqual(
			expect.objectContaining({ name: 'limitGenerations', default: true }),
		);

		const has = (field: string) => field in schema.fields;
		expect(fields.enableWebSearch !== undefined).toBe(has('enable_web_search'));
		expect(fields.systemPrompt !== undefined).toBe(has('system_prompt'));
		for (const [media, falField] of [
			['video', 'video_url'],
			['audio', 'audio_url'],
			['pdf', 'pdf_url'],
		]) {
			expect(fields[`${media}Url`] !== undefined).toBe(has(falField));
			expect(fields[`${media}BinaryField`] !== undefined).toBe(has(falField));
		}
		expect(fields.imageUrls !== undefined).toBe(has('image_urls'));
	});
});

describe('a model chosen by expression', () => {
	const model = '={{ $json.m }}';

	it.each(['generate', 'edit'])(
		'%s shows one of each per-model field, with every value some model accepts',
		async (operation) => {
			const fields = await fieldsFor(operation, model);
			for (const name of ['aspectRatio', 'resolution', 'thinkingLevel', 'systemPrompt']) {
				expect(fields[name]).toBeDefined();
			}
			expect(fields.enableWebSearch).toBeDefined();
			const ratios = (fields.aspectRatio.options as INodePropertyOptions[]).map((o) => o.value);
			expect(ratios[0]).toBe('default');
			const everyRatio = Object.entries(ENDPOINT_SCHEMAS)
				.filter(([endpoint]) => endpoint.endsWith('/edit') === (operation === 'edit'))
				.flatMap(([, schema]) => enumOf(schema, 'aspect_ratio')!.options);
			expect(sorted(ratios.slice(1))).toEqual(sorted([...new Set(everyRatio)]));
			expect(sorted(values(fields.resolution))).toEqual(['0.5K', '1K', '2K', '4K']);
		},
	);

	it.each([
		['an expression', '={{ $json.m }}'],
		["an agent's $fromAI", "={{ $fromAI('model', 'Which Nano Banana model', 'string') }}"],
	])(
		"leaves the Aspect Ratio to each item's model when the model is %s and nothing else is set",
		(_, chosen) => {
			const parameters = loadedAsN8nDoes({ model: chosen, prompt: 'a banana' });
			expect(parameters?.aspectRatio).toBe('default');
		},
	);

	it.each(['={{ $json.m }}', 'nano-banana', 'other'])(
		'leaves n8n no parameter issue that would stop the workflow (model %s)',
		(chosen) => {
			const node = {
				id: '1',
				name: 'Nano Banana',
				type: 'n8n-nodes-fal-nano-banana.nanoBanana',
				typeVersion: 1,
				position: [0, 0] as [number, number],
				parameters: loadedAsN8nDoes({ model: chosen, prompt: 'a banana' }),
			};
			expect(
				NodeHelpers.getNodeParametersIssues(description.properties, node, description),
			).toBeNull();
		},
	);

	it("keeps the user's Aspect Ratio and Options when n8n loads the workflow", () => {
		const parameters = loadedAsN8nDoes({
			model,
			aspectRatio: '16:9',
			options: { resolution: '2K', thinkingLevel: 'high' },
		});
		expect(parameters).toMatchObject({
			aspectRatio: '16:9',
			options: { resolution: '2K', thinkingLevel: 'high' },
		});
	});
});

describe('fal API credential', () => {
	const credential = new FalNanoBananaApi();

	it('has a required password API key and an optional proxy URL', () => {
		expect(credential.name).toBe('falNanoBananaApi');
		expect(credential.displayName).toBe('Fal API');
		const [apiKey, proxyUrl] = credential.properties;
		expect(apiKey).toMatchObject({
			name: 'apiKey',
			required: true,
			typeOptions: { password: true },
		});
		expect(proxyUrl).toMatchObject({ name: 'proxyUrl', default: '' });
		expect(proxyUrl.required).toBeFalsy();
	});

	it('sends the key as fal expects it', () => {
		expect(credential.authenticate.properties.headers).toEqual({
			Authorization: '=Key {{ $credentials.apiKey.trim() }}',
		});
	});
});

describe('the lists the editor loads', () => {
	const load = async (method: 'getAspectRatios' | 'getResolutions', values: IDataObject) => {
		const context = { getCurrentNodeParameter: (name: string) => values[name] };
		const options = await new NanoBanana().methods.loadOptions[method].call(
			context as unknown as ILoadOptionsFunctions,
		);
		return options.map((option) => option.value);
	};

	it('reads a parameter the editor left out (n8n stores no defaults) as its default', async () => {
		const ratios = await load('getAspectRatios', {});
		expect(ratios).toEqual([
			'default',
			'21:9',
			'16:9',
			'3:2',
			'4:3',
			'5:4',
			'1:1',
			'4:5',
			'3:4',
			'2:3',
			'9:16',
		]);
		expect(await load('getResolutions', { model: 'nano-banana-pro' })).toEqual(['1K', '2K', '4K']);
	});

	it('lists every value while the model cannot be resolved in the editor', async () => {
		expect(await load('getAspectRatios', { model: null, operation: 'generate' })).toContain('8:1');
		expect(await load('getResolutions', { model: '={{ $json.m }}' })).toEqual([
			'0.5K',
			'1K',
			'2K',
			'4K',
		]);
	});
});
