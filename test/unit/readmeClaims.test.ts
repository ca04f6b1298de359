/**
 * The README quotes the editor's wording and the node's messages; this holds it to the code.
 *
 * Conventions the README follows (and this test reads):
 * - In any table, **bold** names in a row's first cell are names the editor shows: a parameter's
 *   or option's display name (of the node or of the Fal API credential), or a choice of an
 *   options parameter (such as a model). Bold elsewhere is free prose (n8n's own settings, menus).
 * - In the table under "### Messages you may see", the backticked first cell is a message the node
 *   raises; `…` stands for a part that varies. The fixed parts must appear, in that order, in one
 *   source file under nodes/ or credentials/.
 * - The code block under "## Development" is what `.ci/run` runs: the same Debian packages and the
 *   same npm commands in the same order.
 * - The first code block under "## Install" holds the lines the e2e harness runs to install the
 *   package (test/tooling/communityPackage.ts), for the tarball `npm pack` writes; every
 *   `npm install` in the README is that one.
 * - Relative links in the README and docs/ lead to files that exist (and anchors to headings).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

import type { INodeProperties, INodePropertyCollection, INodePropertyOptions } from 'n8n-workflow';

import { FalNanoBananaApi } from '../../credentials/FalNanoBananaApi.credentials';
import { brokenLinks, markdownFiles } from '../helpers/markdown';
import { installCommands, tarballName } from '../tooling/communityPackage';
import { NanoBanana } from '../../nodes/NanoBanana/NanoBanana.node';

const ROOT = resolve(__dirname, '..', '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

type Entry = INodeProperties | INodePropertyOptions | INodePropertyCollection;

/** Every display name and choice name the editor can show, walking collections. */
function editorNames(properties: INodeProperties[]): Set<string> {
	const names = new Set<string>();
	const walk = (entries: Entry[]) => {
		for (const entry of entries) {
			if ('displayName' in entry && typeof entry.displayName === 'string') {
				names.add(entry.displayName);
			}
			if ('type' in entry && entry.type === 'options') {
				for (const option of (entry.options ?? []) as INodePropertyOptions[])
					names.add(option.name);
			}
			if ('type' in entry && (entry.type === 'collection' || entry.type === 'fixedCollection')) {
				walk((entry.options ?? []) as Entry[]);
			}
			if ('values' in entry && Array.isArray(entry.values)) walk(entry.values);
		}
	};
	walk(properties);
	return names;
}

/** Bold names in the first cell of every table row (header and separator rows have none). */
export function boldTableNames(markdown: string): string[] {
	const names: string[] = [];
	for (const line of markdown.split('\n')) {
		const row = /^\|([^|]*)\|/.exec(line);
		if (!row) continue;
		for (const bold of row[1].matchAll(/\*\*([^*]+)\*\*/g)) names.push(bold[1].trim());
	}
	return names;
}

/** The backticked first cells of the table under a heading, up to the next heading. */
export function quotedMessages(markdown: string, heading: string): string[] {
	const start = markdown.indexOf(`\n${heading}\n`);
	if (start === -1) return [];
	const rest = markdown.slice(start + heading.length + 2);
	const section = rest.slice(
		0,
		rest.search(/\n#{1,6} /) === -1 ? undefined : rest.search(/\n#{1,6} /),
	);
	const messages: string[] = [];
	for (const line of section.split('\n')) {
		const cell = /^\|\s*`([^`]+)`\s*\|/.exec(line);
		if (cell) messages.push(cell[1]);
	}
	return messages;
}

function sourceFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return sourceFiles(path);
		return path.endsWith('.ts') ? [path] : [];
	});
}

/** Whether the fixed parts of a message appear in this order in the text. */
function containsInOrder(text: string, parts: string[]): boolean {
	let from = 0;
	for (const part of parts) {
		const at = text.indexOf(part, from);
		if (at === -1) return false;
		from = at + part.length;
	}
	return true;
}

const fixedParts = (message: string) =>
	message
		.split('…')
		.map((part) => part.trim())
		.filter(Boolean);

const names = editorNames([
	...new NanoBanana().description.properties,
	...new FalNanoBananaApi().properties,
]);
const sources = [
	...sourceFiles(join(ROOT, 'nodes')),
	...sourceFiles(join(ROOT, 'credentials')),
].map((path) => readFileSync(path, 'utf8'));
const claimedNames = [...new Set(boldTableNames(README))];
const messages = quotedMessages(README, '### Messages you may see');

/** The shell commands of the first code block under a heading, comments dropped, `&&` split. */
function commandsUnder(markdown: string, heading: string): string[] {
	const section = markdown.slice(markdown.indexOf(`\n${heading}\n`));
	const block = /```bash\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
	return block
		.split('\n')
		.map((line) => line.replace(/#.*$/, '').trim())
		.flatMap((line) => line.split('&&').map((part) => part.trim()))
		.filter(Boolean);
}

const CI_SCRIPT = readFileSync(join(ROOT, '.ci', 'run'), 'utf8');

describe('README claims', () => {
	it('lists the npm commands .ci/run runs, in its order', () => {
		const readme = commandsUnder(README, '## Development').filter((c) => c.startsWith('npm '));
		const ci = CI_SCRIPT.split('\n')
			.map((line) => line.trim())
			.filter((line) => line.startsWith('npm '));
		expect(readme).toEqual(ci);
	});

	it('names the Debian packages .ci/run installs', () => {
		const install = commandsUnder(README, '## Development').find((c) =>
			c.startsWith('apt-get install'),
		);
		const readme = (install ?? '')
			.split(/\s+/)
			.filter((word) => !/^(apt-get|install|-y)$/.test(word));
		const ci = [...CI_SCRIPT.matchAll(/missing\+=\(([\w-]+)\)/g)].map((match) => match[1]);
		expect(readme.sort()).toEqual(ci.sort());
		expect(ci.length).toBeGreaterThan(0);
	});

	it('finds the claims it checks (the conventions above are still followed)', () => {
		expect(claimedNames.length).toBeGreaterThan(20);
		expect(messages.length).toBeGreaterThan(10);
	});

	it.each(claimedNames)('the editor shows "%s"', (name) => {
		expect(names).toContain(name);
	});

	it.each(messages)('the node can say "%s"', (message) => {
		const parts = fixedParts(message);
		expect(parts.length).toBeGreaterThan(0);
		const found = sources.some((text) => containsInOrder(text, parts));
		if (!found) throw new Error(`no file under nodes/ or credentials/ contains "${message}"`);
	});
});

const MANIFEST = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
	name: string;
	version: string;
};
const TARBALL = tarballName(MANIFEST);

/** The lines of the first code block under a heading, as written. */
function blockUnder(markdown: string, heading: string): string[] {
	const section = markdown.slice(markdown.indexOf(`\n${heading}\n`));
	return (/```bash\n([\s\S]*?)```/.exec(section)?.[1] ?? '').split('\n').map((l) => l.trim());
}

describe('README install', () => {
	it('names the tarball npm pack writes for this version, and its release', () => {
		expect(TARBALL).toBe(`${MANIFEST.name}-${MANIFEST.version}.tgz`);
		const named = [...README.matchAll(new RegExp(`${MANIFEST.name}-[0-9][^\\s/'\`]*?\\.tgz`, 'g'))];
		expect(named.length).toBeGreaterThan(3);
		expect(new Set(named.map((match) => match[0]))).toEqual(new Set([TARBALL]));
		const releases = [...README.matchAll(/releases\/download\/(v[^/]+)\//g)].map((m) => m[1]);
		expect(releases.length).toBeGreaterThan(0);
		expect(new Set(releases)).toEqual(new Set([`v${MANIFEST.version}`]));
	});

	it('gives the install lines the e2e harness runs, in that order', () => {
		const block = blockUnder(README, '## Install');
		const lines = installCommands(TARBALL);
		const at = block.indexOf(lines[0]);
		expect(at).toBeGreaterThan(-1);
		expect(block.slice(at, at + lines.length)).toEqual(lines);
	});

	it('has no other npm install than the harness runs (Docker runs the same lines)', () => {
		const [, npmInstall] = installCommands(TARBALL);
		const installs = [...README.matchAll(/npm install[^'`\n&]*/g)].map((m) => m[0].trim());
		expect(installs.length).toBeGreaterThan(1);
		expect(new Set(installs)).toEqual(new Set([npmInstall]));
		const docker = README.split('\n').find((line) => line.startsWith('docker exec'));
		for (const line of installCommands(TARBALL)) expect(docker).toContain(line);
	});
});

describe('README and docs', () => {
	const files = ['README.md', ...markdownFiles(ROOT, 'docs')];

	// Built from parts so that this file does not name it either.
	const removedSetting = ['ALLOW', 'TOOL', 'USAGE'].join('_');
	it.each(['README.md', 'docs', 'test', 'scripts'])(
		'%s never asks for the n8n setting that does not exist',
		(place) => {
			const path = join(ROOT, place);
			const texts = statSync(path).isDirectory()
				? readdirSync(path, { recursive: true, encoding: 'utf8' })
						.map((name) => join(path, name))
						.filter((file) => existsSync(file) && statSync(file).isFile())
				: [path];
			const naming = texts.filter((file) => readFileSync(file, 'utf8').includes(removedSetting));
			expect(naming).toEqual([]);
		},
	);

	it.each(files)('every relative link in %s resolves', (file) => {
		expect(brokenLinks(join(ROOT, file))).toEqual([]);
	});
});
