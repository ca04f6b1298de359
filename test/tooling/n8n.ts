import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { cacheRoot } from './cache';
import type { N8nLine } from './lines';
import { withLock } from './lock';
import { say } from './log';
import { readMarker, writeMarker } from './marker';
import type { InstalledNode } from './node';
import { runStep } from './step';

export interface InstalledN8n {
	dir: string;
	/** The CLI script; run it with the line's own Node, never the machine's. */
	script: string;
	version: string;
}

/** While npm unpacks it logs nothing for minutes; the growing package count shows progress. */
function packageCount(dir: string): string {
	try {
		const modules = join(dir, 'node_modules');
		let count = 0;
		for (const entry of readdirSync(modules)) {
			if (entry.startsWith('.')) continue;
			count += entry.startsWith('@') ? readdirSync(join(modules, entry)).length : 1;
		}
		return `${count} packages in node_modules`;
	} catch {
		return ''; // not created yet: npm is still resolving, and its log says how far
	}
}

export async function ensureN8n(line: N8nLine, node: InstalledNode): Promise<InstalledN8n> {
	const dir = join(cacheRoot(), `n8n-${line.n8nVersion}`);
	const script = join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	const label = `n8n ${line.n8nVersion}`;
	const done = () => readMarker<{ version: string; node: string }>(dir);

	let marker = done();
	if (!marker) {
		mkdirSync(dir, { recursive: true });
		await withLock(`${dir}.lock`, label, async () => {
			if (done()) return;
			const manifest = {
				name: `n8n-e2e-${line.n8nVersion}`,
				private: true,
				dependencies: { n8n: line.n8nVersion },
				...(Object.keys(line.overrides).length ? { overrides: line.overrides } : {}),
			};
			writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
			// npm runs on the line's Node so engine checks and the native rebuild target it.
			const env = {
				...process.env,
				PATH: `${join(node.dir, 'bin')}${delimiter}${process.env.PATH ?? ''}`,
			};
			const logFile = join(dir, 'install.log');
			// Install scripts would try to download prebuilt native binaries, which fails offline.
			await runStep(
				`${label}: npm install (about 5 min, ~2-3 GB)`,
				'npm',
				['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=http'],
				{ cwd: dir, env, logFile, status: () => packageCount(dir) },
			);
			// sqlite3 is the one native module a CLI run needs; it compiles against the headers.
			await runStep(
				`${label}: compile sqlite3 for Node ${node.version} (about 80 s)`,
				'npm',
				['rebuild', 'sqlite3', '--foreground-scripts', `--nodedir=${node.dir}`],
				{ cwd: dir, env, logFile },
			);
			const version = execFileSync(node.bin, [script, '--version'], {
				encoding: 'utf8',
				env,
			}).trim();
			if (!version.includes(line.n8nVersion))
				throw new Error(`${script} reports "${version}", expected ${line.n8nVersion}`);
			writeMarker(dir, { version: line.n8nVersion, node: node.version });
		});
		marker = done();
		if (!marker) throw new Error(`${label} install finished without its marker in ${dir}`);
	}
	say(`${label}: ready at ${dir} (built for Node ${marker.node})`);
	return { dir, script, version: marker.version };
}
