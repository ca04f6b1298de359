import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { pngDimensions } from '../emulator';
import { prepareExampleFiles, readExamples, type Example } from '../tooling/examples';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'example-files-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function example(nodes: Array<Record<string, unknown>>): Example {
	return {
		file: 'x.json',
		workflow: {
			name: 'x',
			connections: {},
			nodes: nodes.map((parameters, i) => ({
				name: `n${i}`,
				type: 'n8n-nodes-base.readWriteFile',
				parameters,
			})),
		},
	};
}

describe('files the examples need', () => {
	it('creates the folders writers use and an image for each file a reader reads', () => {
		const created = prepareExampleFiles(dir, [
			example([
				{ operation: 'write', fileName: '=out/{{ $json.fileName }}' },
				{ operation: 'read', fileSelector: 'in/photo.png' },
			]),
		]);
		expect(created).toEqual(['out/', 'in/', 'in/photo.png']);
		expect(existsSync(join(dir, 'out'))).toBe(true);
		expect(pngDimensions(readFileSync(join(dir, 'in/photo.png')))).toBeTruthy();
	});

	it("keeps the user's own input file and never writes outside the folder", () => {
		mkdirSync(join(dir, 'in'));
		writeFileSync(join(dir, 'in/photo.png'), 'mine');
		const created = prepareExampleFiles(dir, [
			example([
				{ operation: 'read', fileSelector: 'in/photo.png' },
				{ operation: 'read', fileSelector: '../escape.png' },
				{ operation: 'read', fileSelector: 'in/*.png' },
			]),
		]);
		expect(created).toEqual([]);
		expect(readFileSync(join(dir, 'in/photo.png'), 'utf8')).toBe('mine');
		expect(existsSync(join(dir, '..', 'escape.png'))).toBe(false);
	});

	it('covers what the shipped examples read', () => {
		prepareExampleFiles(dir, readExamples());
		expect(existsSync(join(dir, 'nano-banana', 'input.png'))).toBe(true);
	});
});
