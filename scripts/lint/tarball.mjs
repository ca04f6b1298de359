// The packed-tarball leg of n8n's community-package scanner, run offline:
// pack the package as a publish would, unpack it, and lint the compiled
// JavaScript and the published package.json with the scanner's own
// configuration. Also checks that nothing shipped needs a runtime dependency.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import { analyzePackage } from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
/** What the compiled node may require at run time: n8n's own copy of n8n-workflow, and Node's crypto. */
const RUNTIME_MODULES = new Set(['n8n-workflow', 'crypto', 'node:crypto']);

function packInto(directory) {
	const output = execFileSync('npm', ['pack', '--silent', '--pack-destination', directory], {
		cwd: root,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const name = output.trim().split('\n').pop();
	const unpacked = join(directory, 'package');
	mkdirSync(unpacked);
	execFileSync('tar', ['-xzf', join(directory, name), '-C', unpacked, '--strip-components=1']);
	return unpacked;
}

function* jsFiles(directory) {
	for (const entry of readdirSync(directory, { withFileTypes: true })) {
		const path = join(directory, entry.name);
		if (entry.isDirectory()) yield* jsFiles(path);
		else if (entry.name.endsWith('.js')) yield path;
	}
}

function runtimeProblems(packageDir) {
	const problems = [];
	const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
	if (manifest.dependencies && Object.keys(manifest.dependencies).length > 0) {
		problems.push(`package.json has runtime dependencies: ${Object.keys(manifest.dependencies).join(', ')}`);
	}
	for (const file of jsFiles(join(packageDir, 'dist'))) {
		const source = readFileSync(file, 'utf8');
		for (const [, module] of source.matchAll(/require\(["']([^"']+)["']\)/g)) {
			if (!module.startsWith('.') && !RUNTIME_MODULES.has(module)) {
				problems.push(`${relative(packageDir, file)} requires "${module}"`);
			}
		}
	}
	return problems;
}

const workDir = mkdtempSync(join(tmpdir(), 'n8n-nodes-fal-nano-banana-lint-'));
let failed = false;
try {
	const packageDir = packInto(workDir);
	const result = await analyzePackage(packageDir, ['**/*.js', 'package.json']);
	if (!result.passed) {
		failed = true;
		console.error(`scanner: ${result.message}`);
		if (result.details) console.error(result.details);
	}
	const problems = runtimeProblems(packageDir);
	for (const problem of problems) console.error(`runtime: ${problem}`);
	failed ||= problems.length > 0;
	if (!failed) console.log('packed tarball: no scanner errors, no runtime dependencies');
} finally {
	rmSync(workDir, { recursive: true, force: true });
}
if (failed) process.exitCode = 1;
