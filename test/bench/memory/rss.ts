import { readdirSync, readFileSync } from 'node:fs';

export interface TreePeak {
	/** Peak RSS of the process itself (its own VmHWM, exact whatever the sampling rate), bytes. */
	rootPeakBytes: number;
	/** Highest sampled sum of VmRSS over the process and its descendants (task runners), bytes. */
	treePeakBytes: number;
	/** Processes seen in the tree. */
	processes: number;
	found: boolean;
}

const SAMPLE_MS = 50;
/** Children (n8n's task runners) appear once; looking for them on every sample would cost CPU n8n needs. */
const RESCAN_EVERY = 10;

function readText(path: string): string | undefined {
	try {
		return readFileSync(path, 'utf8');
	} catch {
		return undefined; // the process ended between listing and reading
	}
}

function pids(): number[] {
	return readdirSync('/proc')
		.filter((name) => /^\d+$/.test(name))
		.map(Number);
}

function parentOf(pid: number): number | undefined {
	const stat = readText(`/proc/${pid}/stat`);
	// "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ")".
	const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
	return fields ? Number(fields[1]) : undefined;
}

function memoryKb(pid: number): { rss: number; hwm: number } | undefined {
	const status = readText(`/proc/${pid}/status`);
	if (!status) return undefined;
	const field = (name: string) =>
		Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
	return { rss: field('VmRSS'), hwm: field('VmHWM') };
}

function descendants(root: number): number[] {
	const children = new Map<number, number[]>();
	for (const pid of pids()) {
		const parent = parentOf(pid);
		if (parent !== undefined) children.set(parent, [...(children.get(parent) ?? []), pid]);
	}
	const found: number[] = [];
	const stack = [...(children.get(root) ?? [])];
	while (stack.length) {
		const pid = stack.pop() as number;
		found.push(pid);
		stack.push(...(children.get(pid) ?? []));
	}
	return found;
}

/**
 * Samples the memory of the first process whose command line `isTarget` accepts, and of its
 * descendants, until stop() is called. Linux only (/proc).
 */
export function watchPeakRss(isTarget: (args: string[]) => boolean): { stop(): TreePeak } {
	let root: number | undefined;
	let tree: number[] = [];
	let ticks = 0;
	let rootHwmKb = 0;
	let treeRssKb = 0;
	const seen = new Set<number>();

	const sample = () => {
		if (root === undefined) {
			root = pids().find((pid) => isTarget((readText(`/proc/${pid}/cmdline`) ?? '').split('\0')));
			if (root === undefined) return;
			seen.add(root);
		}
		if (ticks++ % RESCAN_EVERY === 0) {
			tree = descendants(root);
			tree.forEach((pid) => seen.add(pid));
		}
		const own = memoryKb(root);
		if (own) rootHwmKb = Math.max(rootHwmKb, own.hwm);
		const sum = [root, ...tree].reduce((total, pid) => total + (memoryKb(pid)?.rss ?? 0), 0);
		treeRssKb = Math.max(treeRssKb, sum);
	};
	const timer = setInterval(sample, SAMPLE_MS);
	return {
		stop() {
			clearInterval(timer);
			return {
				rootPeakBytes: rootHwmKb * 1024,
				treePeakBytes: treeRssKb * 1024,
				processes: seen.size,
				found: root !== undefined,
			};
		},
	};
}
