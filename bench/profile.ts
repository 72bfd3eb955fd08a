/** Summarises a CDP CPU profile: where the samples that have the content script on their stack went. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Busy time, and the time a script (by a part of its URL) was on the stack, in total, as leaf and inclusive by function (µs). */
export function scriptTimes(profile: CpuProfile, scriptUrlPart: string) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const name = (id: number) => {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const file = url ? url.split('/').pop() : '';
    return `${functionName || '(anonymous)'}${file ? ` ${file}:${lineNumber + 1}` : ''}`;
  };
  const isOurs = (id: number) => byId.get(id)!.callFrame.url.includes(scriptUrlPart);
  const leaf = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let ours = 0;
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const us = profile.timeDeltas[i + 1] ?? 0;
    const sample = profile.samples[i]!;
    const leafName = byId.get(sample)!.callFrame.functionName;
    if (leafName !== '(idle)' && leafName !== '(program)') total += us;
    const stack: number[] = [];
    for (let id: number | undefined = sample; id !== undefined; id = parent.get(id)) stack.push(id);
    if (!stack.some(isOurs)) continue;
    ours += us;
    leaf.set(name(sample), (leaf.get(name(sample)) ?? 0) + us);
    const seen = new Set<string>();
    for (const id of stack) {
      if (!isOurs(id)) continue;
      const key = name(id);
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + us);
    }
  }
  return { busyUs: total, onStackUs: ours, leaf, inclusive };
}

/** The time a script was on the stack, in ms. */
export function onStackMs(profile: CpuProfile, scriptUrlPart: string): number {
  return scriptTimes(profile, scriptUrlPart).onStackUs / 1000;
}

export function summariseProfile(profile: CpuProfile, scriptUrlPart: string, top = 15): string {
  const { busyUs: total, onStackUs: ours, leaf, inclusive } = scriptTimes(profile, scriptUrlPart);
  const table = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([key, us]) => `  ${(us / 1000).toFixed(1).padStart(8)} ms  ${((100 * us) / ours).toFixed(1).padStart(5)}%  ${key}`)
      .join('\n');
  return [
    `busy samples: ${(total / 1000).toFixed(0)} ms; with the content script on the stack: ${(ours / 1000).toFixed(1)} ms`,
    'self time (leaf frame, native calls included), content-script stacks only:',
    table(leaf),
    'inclusive time by content-script function:',
    table(inclusive),
  ].join('\n');
}
