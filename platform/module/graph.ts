import type { ModuleDefinition } from './port.ts';

type Named = Pick<ModuleDefinition, 'name' | 'uses'>;

/**
 * Orders modules so each comes after the modules it uses, and refuses to go on when
 * a used module is missing or the uses form a cycle: the host fails fast at boot.
 * `available` names modules served elsewhere (by another process) that may be used.
 */
export function orderModules<T extends Named>(modules: readonly T[], available: readonly string[] = []): T[] {
  const byName = new Map<string, T>();
  for (const module of modules) {
    if (byName.has(module.name)) throw new Error(`module ${module.name} is listed twice`);
    byName.set(module.name, module);
  }
  for (const module of modules) {
    for (const used of module.uses) {
      if (!byName.has(used) && !available.includes(used)) {
        throw new Error(`module ${module.name} uses ${used}, which this host neither runs nor reaches`);
      }
    }
  }
  const ordered: T[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (module: T, path: readonly string[]): void => {
    const seen = state.get(module.name);
    if (seen === 'done') return;
    if (seen === 'visiting')
      throw new Error(`modules use each other in a cycle: ${[...path, module.name].join(' → ')}`);
    state.set(module.name, 'visiting');
    for (const used of module.uses) {
      const dependency = byName.get(used);
      if (dependency) visit(dependency, [...path, module.name]);
    }
    state.set(module.name, 'done');
    ordered.push(module);
  };
  for (const module of modules) visit(module, []);
  return ordered;
}
