import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { legendBeside } from './plot-layout';
import { bandPoints, leftMargin, StepPlot } from './step-plot';
import { stepAt } from './step-plot-hover';
import { decodePath } from './path-decode.testutil';

describe('stepAt', () => {
  it('finds the last step at or before t (right-continuous)', () => {
    const t = [0, 1, 2.5, 4];
    expect(stepAt(t, 0)).toBe(0);
    expect(stepAt(t, 2.4)).toBe(1);
    expect(stepAt(t, 2.5)).toBe(2);
    expect(stepAt(t, 99)).toBe(3);
    expect(stepAt(t, -1)).toBe(-1);
  });
});

describe('StepPlot', () => {
  const html = renderToString(createElement(StepPlot, {
    id: 'p', title: 'OS <test>', yLabel: 'Survival', direction: 'down', ticks: [0, 2, 4],
    series: [{ label: 'All', colour: '#000', time: [0, 1, 3], value: [1, 0.5, 0.25], lower: [1, 0.3, null], upper: [1, 0.8, null],
      censorTime: [1.0, 1.001, 1.002, 3.5], censorValue: [0.5, 0.5, 0.5, 0.25], maxTime: 3.5 }],
    atRisk: [{ label: 'All', counts: [10, 4, 1] }],
    captionLines: ['Population: all patients. Cut-off: 2017-06-30.', 'Method: KM'],
  }));
  it('writes the provenance and the number at risk inside the SVG (so downloads carry them)', () => {
    // The figure's own SVG, before the hover overlay (visx nests <svg> for text, so do not cut at the first </svg>).
    const svg = html.slice(html.indexOf('<svg id="p"'), html.indexOf('aria-hidden="true"'));
    expect(svg).toContain('Cut-off: 2017-06-30.');
    expect(svg).toContain('Method: KM');
    expect(svg).toContain('Number at risk');
    expect(svg).toContain('OS &lt;test&gt;');
  });
  it('draws one censor mark per pixel column', () => {
    const d = /data-censor="All" d="([^"]*)"/.exec(html)?.[1] ?? '';
    expect(d.match(/M/g)).toHaveLength(2);
  });
});

/** x coordinates of a path's vertices (step-paths.ts writes M then relative h/v moves). */
function pathXs(d: string): number[] {
  return decodePath(d).flat().map(([x]) => x);
}

describe('CI band (QA: the band stopped at 5.5 months although the curve stays flat to 16.7)', () => {
  it('draws the step before a point whose CI is undefined, and breaks there', () => {
    // Survival 1 → 0.5 (CI 0.3–0.8) at 1 month → 0 at 3 months (CI undefined), followed to 3.5.
    expect(bandPoints([[0, 1, 1, 1], [1, 0.5, 0.3, 0.8], [3, 0, null, null], [3.5, 0, null, null]]))
      .toEqual([[0, 1, 1], [1, 0.3, 0.8], [3, 0.3, 0.8], null]);
  });
  it('resumes after a gap and runs to the last follow-up when the last CI is defined', () => {
    expect(bandPoints([[0, 1, 1, 1], [1, 0.5, null, null], [2, 0.4, 0.2, 0.6], [4, 0.4, 0.2, 0.6]]))
      .toEqual([[0, 1, 1], [1, 1, 1], null, [2, 0.2, 0.6], [4, 0.2, 0.6]]);
  });
  it('the rendered band reaches the time of the point without a CI', () => {
    const html = renderToString(createElement(StepPlot, {
      id: 'b', title: 'OS', yLabel: 'Survival', direction: 'down', ticks: [0, 2, 4],
      series: [{ label: 'All', colour: '#000', time: [0, 1, 3], value: [1, 0.5, 0], lower: [1, 0.3, null], upper: [1, 0.8, null], maxTime: 3 }],
      captionLines: [],
    }));
    const d = /<path[^>]*d="([^"]*)"[^>]*data-ci="All"|data-ci="All"[^>]*d="([^"]*)"/.exec(html);
    const path = d?.[1] ?? d?.[2] ?? '';
    expect(path).not.toBe('');
    // Plot width: the figure less the left margin, the legend beside the plot (20 gap) and the right margin (16).
    const innerW = 960 - leftMargin([]) - 20 - legendBeside(['All']).width - 16;
    expect(Math.max(...pathXs(path))).toBeCloseTo((innerW * 3) / 4, 1);
  });
});

describe('layout', () => {
  const labels = ['PL-01 (n = 38)', 'PL-02 (n = 31)', 'PL-03 (n = 26)', 'PL-04 (n = 22)', 'PL-05 (n = 18)', 'PL-06 (n = 14)', 'PL-07 (n = 10)', 'PL-08 (n = 6)'];
  const html = renderToString(createElement(StepPlot, {
    id: 'c', title: 'OS by centre', yLabel: 'Survival', direction: 'down', ticks: [0, 6, 12],
    series: labels.map((label, i) => ({ label, colour: '#000', time: [0, 1 + i], value: [1, 0.9] })),
    atRisk: [{ label: 'Adverse event + other', counts: [23, 11, 5] }],
    captionLines: [],
  }));
  it('puts the legend beside the curves (right of the plot area), one entry per group with its n', () => {
    const m = /translate\(([\d.]+), (\d+)\)" data-testid="plot-legend"/.exec(html);
    const innerW = 960 - leftMargin(['Adverse event + other']) - 20 - legendBeside(labels).width - 16;
    expect(Number(m?.[1])).toBeCloseTo(leftMargin(['Adverse event + other']) + innerW + 20, 5);
    expect(Number(m?.[2])).toBe(36);
    for (const l of labels) expect(html).toContain(`>${l}</text>`);
  });
  it('keeps number-at-risk labels whole and leaves room for them before the first count', () => {
    expect(html).toContain('>Adverse event + other</text>');
    expect(leftMargin(['Adverse event + other'])).toBeGreaterThan(4 + 21 * 6.8 + 8);
  });
});

describe('cumulative incidence axis', () => {
  it('reaches the CI upper limit, so the whole band is on the figure (it was drawn above the plot)', () => {
    const html = renderToString(createElement(StepPlot, {
      id: 'u', title: 'CIF', yLabel: 'Cumulative incidence', direction: 'up', ticks: [0, 6, 12],
      series: [{ label: 'AE', colour: '#000', time: [0, 2, 2, 12], value: [0, 0, 0.1, 0.1], lower: [null, null, 0.02, 0.02], upper: [null, null, 0.33, 0.33] }],
      captionLines: [], annotation: ['Gray’s test, AE: p = 0.20'],
    }));
    expect(html).toContain('>40%<');
    expect(html).not.toContain('>50%<');
    expect(html).toContain('clip-path="url(#u-plot-area)"');
    expect(html).toContain('Gray’s test, AE: p = 0.20');
  });
});
