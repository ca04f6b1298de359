import type { INodeProperties } from 'n8n-workflow';

import { FalNanoBananaApi } from '../../credentials/FalNanoBananaApi.credentials';
import { NanoBanana } from '../../nodes/NanoBanana/NanoBanana.node';

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
		expect(values(property('operation'))).toEqual(['generate', 'edit']);
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
		expect(property('aspectRatio')).toMatchObject({ type: 'options', default: '1:1' });
		expect([...values(property('aspectRatio'))].sort()).toEqual(
			['21:9', '1:1', '4:3', '3:2', '2:3', '5:4', '4:5', '3:4', '16:9', '9:16'].sort(),
		);
		expect(property('syncMode')).toMatchObject({ type: 'boolean', default: false });
	});

	it('gives Edit its image sources and an "auto" aspect ratio', () => {
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
		expect(property('aspectRatio', 'edit').default).toBe('auto');
		expect(values(property('aspectRatio', 'edit'))).toContain('auto');
	});

	it('keeps rarely used settings in an alphabetical Options collection', () => {
		const options = property('options').options as INodeProperties[];
		const byName = Object.fromEntries(options.map((option) => [option.name, option]));
		expect(byName.binaryPropertyOutput.default).toBe('data');
		expect(byName.outputMode.default).toBe('oneItemPerImage');
		expect(values(byName.outputMode)).toEqual(['oneItemPerImage', 'allImagesInOneItem']);
		expect(byName.concurrency).toMatchObject({ default: 4, typeOptions: { maxValue: 16 } });
		expect(byName.timeout.default).toBe(300);
		expect(byName.maxRetries.default).toBe(3);
		expect(byName.keepInputBinaries.default).toBe(false);
		const names = options.map((option) => option.displayName);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
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
