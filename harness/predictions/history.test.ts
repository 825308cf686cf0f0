/**
 * A clean clone has no record of first answers: the fork's history says when each answer was first
 * committed and whether its module was still a stub then.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCourse } from '../course/load.ts';
import { ALPHA, alphaModule, removeFixtureCourse, writeFixtureCourse, writeFixtureFile } from '../grade/fixtures/course.ts';
import { predictionLogFromHistory } from './history.ts';

describe('first answers from git history', () => {
  const root = writeFixtureCourse('history', { predictions: '# answers go here\n' });
  afterAll(() => removeFixtureCourse(root));
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: root, encoding: 'utf8' }).trim();
  const commit = (message: string, date: string) => {
    git('add', '.');
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', message], { cwd: root, env: { ...process.env, GIT_COMMITTER_DATE: date, GIT_AUTHOR_DATE: date } });
    return git('rev-parse', 'HEAD');
  };

  it('the first committed answer is first, with its commit time and the stub still in place; a later change is a revision', () => {
    git('init', '-q');
    const shipped = commit('the course as shipped', '2026-01-01T10:00:00Z');
    writeFixtureFile(root, 'weeks/01-alpha/predictions.yaml', 'total-to-n: 20000\nbigger: norm\n');
    commit('predict first', '2026-01-02T10:00:00Z');
    const solved = Object.fromEntries(Object.entries(ALPHA).map(([k, v]) => [k, v.solution]));
    writeFixtureFile(root, 'weeks/01-alpha/alpha.ts', alphaModule(solved as never));
    writeFixtureFile(root, 'weeks/01-alpha/predictions.yaml', 'total-to-n: 20000\nbigger: total\nmean-flops: 1000\n');
    const last = commit('the code, and a change of mind', '2026-01-03T10:00:00Z');
    const log = predictionLogFromHistory(root, loadCourse(root), shipped, last);
    const week = log.weeks['01-alpha']!;
    expect(week['total-to-n']).toEqual({ first: { text: '20000', value: 20000, at: '2026-01-02T10:00:00.000Z', codeStarted: false }, revisions: [] });
    expect(week.bigger!.first).toMatchObject({ text: 'norm', codeStarted: false });
    expect(week.bigger!.revisions).toEqual([{ text: 'total', value: 'total', at: '2026-01-03T10:00:00.000Z', codeStarted: true }]);
    // Answered only together with the code: honestly recorded as after starting it.
    expect(week['mean-flops']!.first).toMatchObject({ value: 1000, codeStarted: true });
  });
});
