import { cpus, totalmem, platform, arch } from 'node:os';

export interface MachineInfo {
	cpu: string;
	cores: number;
	memoryGb: number;
	node: string;
	platform: string;
}

export function machineInfo(): MachineInfo {
	const list = cpus();
	return {
		cpu: list[0]?.model.trim() ?? 'unknown CPU',
		cores: list.length,
		memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
		node: process.version,
		platform: `${platform()} ${arch()}`,
	};
}

export function describeMachine(machine: MachineInfo): string {
	const { cpu, cores, memoryGb, node, platform } = machine;
	return `${cpu}, ${cores} cores, ${memoryGb} GB memory, Node ${node} (${platform})`;
}
