/**
 * Path globs for `deploy.riskPaths`: `*` matches within one folder, `**` across folders, and `**` followed by `/`
 * also matches nothing (so "**" + "/*.sql" matches `a.sql`); every other character is literal.
 *
 * Matching runs a small NFA over the path: each character advances a set of positions in the glob, so the time is
 * (path length × glob length) whatever the glob. The regular expression this replaced backtracked: three `**` in
 * one glob took 8.7 s on one 4,000-character path, from a branch anyone can push.
 */
type Token =
  | { kind: 'char'; char: string }
  | { kind: 'star' } // [^/]*
  | { kind: 'any' } // any characters, newlines too (the regex's `.*` let a file name with a newline slip past)
  | { kind: 'optional'; skipTo: number }; // the next tokens (`**` then `/`) may be skipped as a whole

const compiled = new Map<string, Token[]>();

export function globMatch(glob: string, path: string): boolean {
  const tokens = compiled.get(glob) ?? compile(glob);
  // current[at]: the path read so far can be followed by tokens[at…]; tokens.length means the whole glob matched.
  let current = new Uint8Array(tokens.length + 1);
  let next = new Uint8Array(tokens.length + 1);
  current[0] = 1;
  closeOver(tokens, current);
  for (let i = 0; i < path.length; i += 1) {
    const char = path[i];
    next.fill(0);
    let alive = false;
    for (let at = 0; at < tokens.length; at += 1) {
      if (!current[at]) continue;
      const token = tokens[at]!;
      const to =
        token.kind === 'char'
          ? token.char === char
            ? at + 1
            : -1
          : token.kind === 'any' || (token.kind === 'star' && char !== '/')
            ? at
            : -1;
      if (to < 0) continue;
      next[to] = 1;
      alive = true;
    }
    if (!alive) return false;
    closeOver(tokens, next);
    [current, next] = [next, current];
  }
  return current[tokens.length] === 1;
}

function compile(glob: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < glob.length; i += 1) {
    if (glob.startsWith('**/', i)) {
      tokens.push({ kind: 'optional', skipTo: tokens.length + 3 }, { kind: 'any' }, { kind: 'char', char: '/' });
      i += 2;
    } else if (glob.startsWith('**', i)) {
      tokens.push({ kind: 'any' });
      i += 1;
    } else if (glob[i] === '*') {
      tokens.push({ kind: 'star' });
    } else {
      tokens.push({ kind: 'char', char: glob[i]! });
    }
  }
  compiled.set(glob, tokens);
  return tokens;
}

/**
 * Adds the positions reachable without reading a character: past a `*` or `**` (they match nothing too), or past a
 * skipped `**` + `/`. Those steps only go forward, so one sweep in order finds them all.
 */
function closeOver(tokens: Token[], states: Uint8Array): void {
  for (let at = 0; at < tokens.length; at += 1) {
    const token = tokens[at]!;
    if (!states[at] || token.kind === 'char') continue;
    states[at + 1] = 1;
    if (token.kind === 'optional') states[token.skipTo] = 1;
  }
}
