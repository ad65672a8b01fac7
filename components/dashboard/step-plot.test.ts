import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { StepPlot } from './step-plot';
import { stepAt } from './step-plot-hover';

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
