import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load-config.js';

const example = readFileSync('chatops.example.yml', 'utf8');
/** The example file with its `deploy:` section replaced by `freezes` (a YAML flow sequence). */
const withFreezes = (freezes: string) =>
  `${example.replace(/^deploy:[\s\S]*?(?=^\S)/m, '')}\ndeploy:\n  freezes: ${freezes}\n`;
const problems = (freezes: string): string[] => {
  try {
    parseConfig(withFreezes(freezes), 'chatops.yml');
    return [];
  } catch (error) {
    return (error as { problems: string[] }).problems;
  }
};

describe('deploy.freezes in chatops.yml', () => {
  it('the forms documented (commented out) in chatops.example.yml parse as documented', () => {
    const documented = example
      .split('\n')
      .filter((line) => line.startsWith('  #   '))
      .map((line) => line.replace('  #', ' '))
      .join('\n');
    const config = parseConfig(
      example.replace('  freezes: []\n', `  freezes:\n${documented}\n`),
      'chatops.example.yml',
    );
    expect(config.deploy.freezes).toEqual([
      { name: 'Weekend', weekly: { from: 'fri 18:00', to: 'mon 08:00' } },
      {
        name: 'Nightly batch window',
        weekly: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '22:00', to: '06:00' },
      },
      { name: 'Year-end freeze', from: '2026-12-21', to: '2027-01-01' },
    ]);
    expect(parseConfig(example, 'chatops.example.yml').deploy).toMatchObject({ freezes: [], lockReminderMinutes: 10 });
  });

  it('accepts the three forms', () => {
    expect(
      problems(
        '[{name: a, weekly: {from: "fri 18:00", to: "mon 08:00"}}, {name: b, weekly: {days: [mon, fri], from: "22:00", to: "06:00"}}, {name: c, from: 2026-12-20, to: 2027-01-02}]',
      ),
    ).toEqual([]);
  });

  it.each([
    [
      '[{name: a, weekly: {from: "18:00", to: "mon 08:00"}}]',
      'deploy.freezes.0.weekly.from: expected a weekday and a time such as "fri 18:00" (or list `days` and give times HH:MM)',
    ],
    [
      '[{name: a, weekly: {days: [fri], from: "fri 18:00", to: "20:00"}}]',
      'deploy.freezes.0.weekly.from: expected a time HH:MM (the days are listed in `days`)',
    ],
    [
      '[{name: a, weekly: {days: [fri], from: "18:00", to: "24:00"}}]',
      'deploy.freezes.0.weekly.to: expected a time HH:MM (the days are listed in `days`)',
    ],
    [
      '[{name: a, weekly: {days: [friday], from: "18:00", to: "20:00"}}]',
      'deploy.freezes.0.weekly.days.0: expected one of "mon", "tue", "wed", "thu", "fri", "sat", "sun"',
    ],
    [
      '[{name: a, weekly: {days: [], from: "18:00", to: "20:00"}}]',
      'deploy.freezes.0.weekly.days: expected at least 1 item(s)',
    ],
    [
      '[{name: a, from: 2026-12-20}]',
      'deploy.freezes.0.to: required: a freeze needs `weekly`, or `from` and `to` dates (YYYY-MM-DD)',
    ],
    ['[{name: a}]', 'deploy.freezes.0.from: required: a freeze needs `weekly`, or `from` and `to` dates (YYYY-MM-DD)'],
    [
      '[{name: a, from: 2027-01-02, to: 2026-12-20}]',
      'deploy.freezes.0.to: expected a date on or after from (2027-01-02)',
    ],
    ['[{name: a, from: 2026-12-20, to: 2026-12-32}]', 'deploy.freezes.0.to: expected a date YYYY-MM-DD'],
    [
      '[{name: a, from: 2026-12-20, to: 2026-12-22, weekly: {from: "fri 18:00", to: "mon 08:00"}}]',
      'deploy.freezes.0.weekly: a freeze is either weekly or a date range (from, to), not both',
    ],
    ['[{name: a, weekly: {from: "fri 18:00", to: "mon 08:00", tz: UTC}}]', 'deploy.freezes.0.weekly.tz: unknown key'],
  ])('%s → names the key and the problem', (freezes, expected) => {
    expect(problems(freezes).join('\n')).toContain(expected);
  });
});
