/**
 * Holds the request bodies the node really sends against the input types of
 * fal's own client (@fal-ai/client's EndpointTypeMap). The bodies are captured
 * at the emulator, written out as typed TypeScript literals and compiled: a
 * field fal renamed, retyped or dropped is a compile error here.
 */
import { join } from 'node:path';

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import ts from 'typescript';

import { FalEmulator } from '../emulator';
import { generateImage, imageSeed } from '../emulator/images/generate';
import { runNode, TEST_KEY } from '../helpers/runNode';

/**
 * What the node sends ahead of the installed client's types, reviewed: each
 * entry is a field (or a whole endpoint, '*') fal documents but the client's
 * types do not know yet. The test fails once the client catches up, so the
 * entry is removed and the field is checked like the others.
 */
const AHEAD_OF_CLIENT: Record<string, string[]> = {
	'google/nano-banana-lite': ['*'],
	'google/nano-banana-lite/edit': ['*'],
	'fal-ai/nano-banana-pro': ['system_prompt'],
	'fal-ai/nano-banana-pro/edit': ['system_prompt'],
	'fal-ai/nano-banana-2': ['system_prompt'],
	'fal-ai/nano-banana-2/edit': ['system_prompt'],
};

const OPTIONS = { seed: 7, safetyTolerance: '2', limitGenerations: true };
const png = generateImage({
	size: { width: 32, height: 32 },
	format: 'png',
	seed: imageSeed(['contract']),
}).bytes;
const item: INodeExecutionData = {
	json: {},
	binary: { data: { data: png.toString('base64'), mimeType: 'image/png', fileName: 'in.png' } },
};

/** Every request body shape the node can send, with every optional field set. */
const SCENARIOS: Array<{ name: string; parameters: IDataObject }> = [
	{
		name: 'generate',
		parameters: {
			prompt: 'a banana',
			numImages: 2,
			outputFormat: 'png',
			aspectRatio: '16:9',
			syncMode: true,
			options: OPTIONS,
		},
	},
	{
		name: 'edit',
		parameters: {
			operation: 'edit',
			prompt: 'make it blue',
			imageUrls: ['https://example.com/a.png'],
			aspectRatio: 'auto',
			options: OPTIONS,
		},
	},
];

const VIRTUAL_FILE = join(__dirname, '__request-bodies__.ts');

/** Compiles a virtual TypeScript file beside this test and returns its errors. */
function compile(source: string): string[] {
	const options: ts.CompilerOptions = {
		strict: true,
		noEmit: true,
		skipLibCheck: true,
		module: ts.ModuleKind.CommonJS,
		moduleResolution: ts.ModuleResolutionKind.Node10,
		target: ts.ScriptTarget.ES2021,
		types: [],
	};
	const host = ts.createCompilerHost(options);
	const readFile = host.readFile.bind(host);
	const getSourceFile = host.getSourceFile.bind(host);
	host.readFile = (file) => (file === VIRTUAL_FILE ? source : readFile(file));
	host.fileExists = (file) => file === VIRTUAL_FILE || ts.sys.fileExists(file);
	host.getSourceFile = (file, language) =>
		file === VIRTUAL_FILE
			? ts.createSourceFile(file, source, language)
			: getSourceFile(file, language);
	const program = ts.createProgram([VIRTUAL_FILE], options, host);
	return ts
		.getPreEmitDiagnostics(program)
		.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

let emulator: FalEmulator;
const bodies: Array<{ endpoint: string; input: IDataObject }> = [];

beforeAll(async () => {
	emulator = await FalEmulator.start({ validKeys: [TEST_KEY], processingMs: 5, quiet: true });
	for (const scenario of SCENARIOS) {
		emulator.reset();
		await runNode(emulator, scenario.parameters, { items: [item] });
		for (const job of emulator.submissions()) {
			bodies.push({ endpoint: job.endpoint, input: job.input as IDataObject });
		}
	}
}, 60_000);
afterAll(async () => await emulator.close());

describe("request bodies against fal's client types", () => {
	it('captured a body for every scenario', () => {
		expect(bodies).toHaveLength(SCENARIOS.length);
	});

	it("compile as the client's input type of their endpoint", () => {
		const lines = [`import type { EndpointTypeMap } from '@fal-ai/client/endpoints';`];
		bodies.forEach(({ endpoint, input }, index) => {
			const ahead = AHEAD_OF_CLIENT[endpoint] ?? [];
			if (ahead.includes('*')) return;
			const checked = Object.fromEntries(
				Object.entries(input).filter(([field]) => !ahead.includes(field)),
			);
			lines.push(
				`export const body${index}: EndpointTypeMap[${JSON.stringify(endpoint)}]['input'] = ${JSON.stringify(checked)};`,
			);
		});
		expect(compile(lines.join('\n'))).toEqual([]);
	}, 60_000);

	it('lists only what the installed client really does not know yet', () => {
		const lines = [`import type { EndpointTypeMap } from '@fal-ai/client/endpoints';`];
		for (const [endpoint, fields] of Object.entries(AHEAD_OF_CLIENT)) {
			const key = JSON.stringify(endpoint);
			if (fields.includes('*')) {
				lines.push(
					`export const e${lines.length}: ${key} extends keyof EndpointTypeMap ? 'known' : 'ahead' = 'ahead';`,
				);
				continue;
			}
			for (const field of fields) {
				lines.push(
					`export const f${lines.length}: ${JSON.stringify(field)} extends keyof EndpointTypeMap[${key}]['input'] ? 'known' : 'ahead' = 'ahead';`,
				);
			}
		}
		expect(compile(lines.join('\n'))).toEqual([]);
	}, 60_000);

	it('would catch a renamed or retyped field', () => {
		const source = [
			`import type { EndpointTypeMap } from '@fal-ai/client/endpoints';`,
			`export const renamed: EndpointTypeMap['fal-ai/nano-banana']['input'] = { prompt: 'x', numImages: 1 };`,
			`export const retyped: EndpointTypeMap['fal-ai/nano-banana']['input'] = { prompt: 'x', safety_tolerance: 4 };`,
		].join('\n');
		expect(compile(source)).toHaveLength(2);
	}, 60_000);
});
