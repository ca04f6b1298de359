import { selectedLines, type N8nLine } from './lines';
import { say } from './log';
import { ensureN8n, type InstalledN8n } from './n8n';
import { ensureNode, type InstalledNode } from './node';

export interface InstalledLine {
	line: N8nLine;
	node: InstalledNode;
	n8n: InstalledN8n;
}

/**
 * Makes sure every selected line is installed, one after another: the installs are CPU and
 * disk heavy, and running them side by side on a small machine is slower than in turn.
 */
export async function ensureLines(lines: N8nLine[] = selectedLines()): Promise<InstalledLine[]> {
	const installed: InstalledLine[] = [];
	for (const line of lines) {
		const node = await ensureNode(line.nodeVersion);
		const n8n = await ensureN8n(line, node);
		installed.push({ line, node, n8n });
	}
	return installed;
}

if (require.main === module) {
	const started = Date.now();
	ensureLines()
		.then((lines) => {
			say(
				`installed: ${lines.map((l) => `n8n ${l.n8n.version} on Node ${l.node.version}`).join(', ')}`,
			);
			say(`took ${Math.round((Date.now() - started) / 1000)}s`);
		})
		.catch((error: unknown) => {
			console.error(error instanceof Error ? error.message : error);
			process.exit(1);
		});
}
