import { readFileSync } from 'node:fs';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { ConfigError, describeIssues } from './issues.js';
import { reservedKeyProblems } from './reserved-keys.js';
import { configSchema, type Config } from './schema.js';

/** Parses and validates the YAML text of a chatops.yml. `source` names the file in error messages. */
export function parseConfig(text: string, source: string): Config {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    const where = error instanceof YAMLParseError && error.linePos ? ` at line ${error.linePos[0].line}` : '';
    throw new ConfigError(source, [`not valid YAML${where}: ${(error as Error).message.split('\n')[0]}`]);
  }
  const reserved = reservedKeyProblems(raw);
  const result = configSchema.safeParse(raw ?? {}, { reportInput: true });
  if (result.success && reserved.length === 0) return result.data;
  // A reserved key is reported once, not again as an unknown key or through what is under it.
  const paths = reserved.map((problem) => problem.slice(0, problem.indexOf(': ')));
  const others = result.success
    ? []
    : describeIssues(result.error.issues, { showValues: true }).filter(
        (p) => !paths.some((path) => p.startsWith(path)),
      );
  throw new ConfigError(source, [...reserved, ...others]);
}

export function loadConfigFile(path: string): Config {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(path, [
      code === 'ENOENT'
        ? 'file not found (set CHATOPS_CONFIG to your chatops.yml)'
        : `cannot read: ${code ?? 'unknown error'}`,
    ]);
  }
  return parseConfig(text, path);
}
