import { describe, expect, it } from 'vitest';
import {
  COMMENT_LIMIT,
  barChart,
  code,
  codeBlock,
  details,
  escapeCell,
  escapeText,
  fitSections,
  measureBytes,
  pieChart,
  raw,
  table,
  truncateMarkdown,
} from '../src/index';

describe('escaping untrusted text', () => {
  it('neutralises HTML, mentions and references so nobody is pinged', () => {
    const out = escapeText('<img src=x onerror=alert(1)> by @octocat fixes #123 and GH-9, org/repo#7');
    expect(out).not.toContain('<img');
    expect(out).toContain('&lt;img');
    expect(out).not.toMatch(/@octocat/);
    expect(out).not.toMatch(/#123/);
    expect(out).not.toMatch(/GH-9/);
    expect(out).not.toMatch(/#7/);
    // The text a person reads stays the same once the invisible characters are removed.
    expect(out.replace(/\u200b/g, '')).toContain('@octocat fixes #123');
  });

  it('keeps a table cell on one line and its pipes from splitting the row', () => {
    expect(escapeCell('a|b\nc')).toBe('a\\|b<br>c');
  });

  it('grows code fences past backticks in the content', () => {
    expect(code('a`b')).toBe('``a`b``');
    expect(codeBlock('```\nx\n```')).toMatch(/^````\n```\nx\n```\n````$/);
  });
});

describe('blocks', () => {
  it('renders a table with escaped plain cells and raw markdown cells', () => {
    const t = table(['name', 'status'], [['<b>', raw('✅ **ok**')]], ['left', 'center']);
    expect(t.split('\n')).toEqual(['| name | status |', '| --- | :---: |', '| &lt;b&gt; | ✅ **ok** |']);
    expect(table(['a'], [])).toBe('');
  });

  it('leaves blank lines inside details so GitHub renders the markdown body', () => {
    expect(details('Sum', '| a |')).toBe('<details><summary>Sum</summary>\n\n| a |\n\n</details>');
  });

  it('renders mermaid charts with sanitised labels', () => {
    const chart = barChart({
      title: 'p95 "ms"',
      labels: ['base', 'head'],
      series: [{ name: 'p95', values: [120, 150.456] }],
    });
    expect(chart).toContain('xychart-beta');
    expect(chart).toContain('bar [120, 150.46]');
    expect(chart).not.toContain('"ms"');
    expect(pieChart('none', [{ name: 'a', value: 0 }])).toBe('');
  });
});

describe('budget', () => {
  const big = (n: number, ch = 'x') => `${ch.repeat(99)}\n`.repeat(n);

  it('returns the document untouched when it fits', () => {
    const r = fitSections(
      [
        { content: 'head', priority: Infinity },
        { content: 'body', priority: 1 },
      ],
      { limit: 100 },
    );
    expect(r).toEqual({ text: 'head\n\nbody', truncated: false, condensed: [], dropped: [] });
  });

  it('condenses, then drops the lowest-priority sections first, and says so visibly', () => {
    const r = fitSections(
      [
        { content: 'VERDICT', priority: Infinity, title: 'verdict' },
        { content: big(400), priority: 2, title: 'files', condensed: 'files: 400 rows' },
        { content: big(800), priority: 1, title: 'details' },
      ],
      { limit: 1_000 },
    );
    expect(r.text.length).toBeLessThanOrEqual(1_000);
    expect(r.text.startsWith('VERDICT')).toBe(true);
    expect(r.dropped).toEqual(['details']);
    expect(r.condensed).toEqual(['files']);
    expect(r.text).toContain('files: 400 rows');
    expect(r.text).toMatch(/Truncated to fit GitHub's size limit .*full report in the job summary/);
  });

  it('hard-truncates must-keep sections as a last resort and still fits', () => {
    const r = fitSections(
      [{ content: `<details><summary>x</summary>\n\n\`\`\`\n${big(2_000)}`, priority: Infinity }],
      {
        limit: COMMENT_LIMIT,
      },
    );
    expect(r.truncated).toBe(true);
    expect(r.text.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    // The open fence and details are closed, so the rest of the page renders.
    expect((r.text.match(/^```/gm) ?? []).length % 2).toBe(0);
    expect(r.text).toContain('</details>');
  });

  it('measures summaries in UTF-8 bytes, not characters', () => {
    const text = big(50, 'é');
    const r = fitSections(
      [
        { content: 'top', priority: Infinity },
        { content: text, priority: 1 },
      ],
      {
        limit: 6_000,
        measure: measureBytes,
      },
    );
    expect(text.length).toBeLessThan(6_000);
    expect(measureBytes(text)).toBeGreaterThan(6_000);
    expect(r.dropped).toHaveLength(1);
    expect(measureBytes(r.text)).toBeLessThanOrEqual(6_000);
  });

  it('truncateMarkdown never exceeds the limit', () => {
    for (const limit of [10, 100, 1_000])
      expect(truncateMarkdown(big(100), limit).length).toBeLessThanOrEqual(limit);
  });
});
