import { readFile } from 'node:fs/promises';
import { IdleprobeError } from '../errors.js';
import { BUILT_IN_SCENARIOS, findScenario } from './built-in-scenarios.js';
import type { Scenario } from './scenario.js';
import { validateScenario } from './scenario-validation.js';

/** Reads and validates a scenario JSON file (the shape of fixtures/scenarios/*.json). */
export async function loadScenarioFile(path: string): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new IdleprobeError(
      'IDLEPROBE_ERR_SIM',
      `Cannot read the scenario file ${path}: check the path and that it is readable.`,
      { cause: error },
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new IdleprobeError(
      'IDLEPROBE_ERR_SIM',
      `The scenario file ${path} is not valid JSON (${(error as Error).message}).`,
      { cause: error },
    );
  }
  return validateScenario(value, path);
}

/** A built-in name, or else the path of a scenario file. */
export async function resolveScenario(nameOrPath: string): Promise<Scenario> {
  if (BUILT_IN_SCENARIOS.some((scenario) => scenario.name === nameOrPath)) return findScenario(nameOrPath);
  if (/\.json$/i.test(nameOrPath) || nameOrPath.includes('/') || nameOrPath.includes('\\'))
    return loadScenarioFile(nameOrPath);
  return findScenario(nameOrPath);
}
