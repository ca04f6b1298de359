// Packs the package as a release ships it: `<name>-<version>.tgz` and `<name>-<version>.tgz.sha256`
// (sha256sum's format), after the tarball passed n8n's scanner and the file-list checks. CI runs
// it with no argument (`npm run lint:package`: a temporary folder, removed afterwards); the
// release workflow with the folder whose files it attaches to the GitHub Release and publishes.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { packedPackageProblems } from './checks.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const expected = `${manifest.name}-${manifest.version}.tgz`;

const outArg = process.argv[2];
const outDir = outArg
	? resolve(outArg)
	: mkdtempSync(join(tmpdir(), 'n8n-nodes-fal-nano-banana-pack-'));
mkdirSync(outDir, { recursive: true });
const unpacked = mkdtempSync(join(tmpdir(), 'n8n-nodes-fal-nano-banana-unpacked-'));

const problems = [];
try {
	// npm runs `prepack` (a clean build) first, as `npm publish` would.
	const output = execFileSync('npm', ['pack', '--silent', '--pack-destination', outDir], {
		cwd: root,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const name = basename(output.trim().split('\n').pop());
	if (name !== expected) problems.push(`npm pack wrote ${name}, not ${expected}`);
	const tarball = join(outDir, name);

	const sha256 = createHash('sha256').update(readFileSync(tarball)).digest('hex');
	const checksumFile = `${tarball}.sha256`;
	writeFileSync(checksumFile, `${sha256}  ${name}\n`);
	// The file users check with `sha256sum -c`: it must verify what was just written.
	execFileSync('sha256sum', ['--check', '--quiet', basename(checksumFile)], { cwd: outDir });

	execFileSync('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1']);
	problems.push(...(await packedPackageProblems(unpacked)));
	if (problems.length === 0) {
		console.log(`${name}: scanner clean, no runtime dependencies, file list as n8n loads it`);
		console.log(`sha256 ${sha256}${outArg ? `  (${tarball}, ${checksumFile})` : ''}`);
	}
} finally {
	rmSync(unpacked, { recursive: true, force: true });
	if (!outArg) rmSync(outDir, { recursive: true, force: true });
}
for (const problem of problems) console.error(problem);
if (problems.length > 0) process.exitCode = 1;
