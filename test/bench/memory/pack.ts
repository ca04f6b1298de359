import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..', '..');

function build(outDir: string): void {
	const tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
	try {
		execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', outDir], {
			cwd: ROOT,
			encoding: 'utf8',
			stdio: 'pipe',
		});
	} catch (error) {
		const output = (error as { stdout?: string }).stdout ?? '';
		throw new Error(
			`the package does not build:\n${output.trim().split('\n').slice(0, 20).join('\n')}`,
		);
	}
	// n8n wants each node's and credential's icons next to its code, as `npm run build` copies them.
	for (const folder of ['nodes', 'credentials']) {
		cpSync(join(ROOT, folder), join(outDir, folder), {
			recursive: true,
			filter: (path) => statSync(path).isDirectory() || /\.(png|svg)$/.test(path),
		});
	}
}

/**
 * Builds the package from the current sources into a temporary folder and packs it there, so
 * the shared dist/ is left alone and the benchmark measures what is checked out.
 * Returns the folder (for clean-up) and the tarball.
 */
export function packPackage(): { dir: string; tarball: string } {
	const dir = mkdtempSync(join(tmpdir(), 'nano-banana-bench-pack-'));
	try {
		build(join(dir, 'dist'));
		copyFileSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
		const out = join(dir, 'out');
		mkdirSync(out);
		// Already built: prepack would build again, into the shared dist/.
		const args = ['pack', '--silent', '--ignore-scripts', '--pack-destination', out];
		const name = execFileSync('npm', args, { cwd: dir, encoding: 'utf8' }).trim();
		return { dir, tarball: join(out, name.split('\n').pop() as string) };
	} catch (error) {
		rmSync(dir, { recursive: true, force: true });
		throw error;
	}
}
