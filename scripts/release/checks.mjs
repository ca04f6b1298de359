// What a packed tarball must pass before it is released: the packed-tarball leg of n8n's
// community-package scanner (its configuration, on the compiled JavaScript and package.json),
// no runtime dependency, and a file list n8n can load from.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import { analyzePackage } from '@n8n/scan-community-package/scanner/scanner.mjs';

/** What the compiled node may require at run time: n8n's own copy of n8n-workflow, and Node's crypto. */
const RUNTIME_MODULES = new Set(['n8n-workflow', 'crypto', 'node:crypto']);
/** npm always packs these; everything else must come from package.json's `files` (dist). */
const ALWAYS_PACKED = new Set(['package.json', 'README.md', 'LICENSE.md']);

function* files(directory) {
	for (const entry of readdirSync(directory, { withFileTypes: true })) {
		const path = join(directory, entry.name);
		if (entry.isDirectory()) yield* files(path);
		else yield path;
	}
}

function runtimeProblems(packageDir, manifest) {
	const problems = [];
	if (manifest.dependencies && Object.keys(manifest.dependencies).length > 0) {
		problems.push(
			`package.json has runtime dependencies: ${Object.keys(manifest.dependencies).join(', ')}`,
		);
	}
	for (const file of files(join(packageDir, 'dist'))) {
		if (!file.endsWith('.js')) continue;
		const source = readFileSync(file, 'utf8');
		for (const [, module] of source.matchAll(/require\(["']([^"']+)["']\)/g)) {
			if (!module.startsWith('.') && !RUNTIME_MODULES.has(module)) {
				problems.push(`${relative(packageDir, file)} requires "${module}"`);
			}
		}
	}
	return problems;
}

/** The packed files n8n loads from: what package.json's `n8n` block names, and nothing stray. */
export function fileListProblems(packageDir, manifest) {
	const packed = new Set([...files(packageDir)].map((file) => relative(packageDir, file)));
	const problems = [];
	for (const file of packed) {
		if (!ALWAYS_PACKED.has(file) && !file.startsWith('dist/')) problems.push(`${file} is packed`);
	}
	const declared = [...(manifest.n8n?.nodes ?? []), ...(manifest.n8n?.credentials ?? [])];
	if (!manifest.n8n?.nodes?.length) problems.push('package.json names no node under "n8n"');
	for (const file of declared) {
		if (!packed.has(file)) problems.push(`package.json names ${file}, which is not packed`);
	}
	for (const node of manifest.n8n?.nodes ?? []) {
		const codex = node.replace(/\.js$/, '.json');
		if (!packed.has(codex)) problems.push(`${codex} (the node's codex) is not packed`);
	}
	if (!manifest.keywords?.includes('n8n-community-node-package')) {
		problems.push('package.json lacks the "n8n-community-node-package" keyword');
	}
	return problems;
}

/** Every problem of an unpacked tarball, as lines; none means it may be released. */
export async function packedPackageProblems(packageDir) {
	const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
	const problems = [];
	const result = await analyzePackage(packageDir, ['**/*.js', 'package.json']);
	if (!result.passed) {
		problems.push(`scanner: ${result.message}`);
		if (result.details) problems.push(result.details);
	}
	problems.push(...runtimeProblems(packageDir, manifest).map((line) => `runtime: ${line}`));
	problems.push(...fileListProblems(packageDir, manifest).map((line) => `files: ${line}`));
	return problems;
}
