/**
 * Horizontal bar charts as inline SVG built with DOM calls (no markup strings). Colours come from
 * the theme through CSS classes (`.series-N`, `.series-warn`), so light, dark and high-contrast
 * themes all apply.
 */
import { svg, truncate } from './dom';

export interface Bar {
  label: string;
  /** Segments drawn left to right; their values add up to the bar's length. */
  segments: { value: number; series: string }[];
  /** Text after the bar ("1,234 · 45%"). */
  note: string;
}

const WIDTH = 560;
const ROW = 26;
const LABEL_WIDTH = 140;
const NOTE_WIDTH = 165;
const BAR_HEIGHT = 16;

/** A chart of `bars`, all scaled to the longest. `title` is announced to screen readers. */
export function barChart(bars: Bar[], title: string): SVGSVGElement {
  const height = Math.max(ROW, bars.length * ROW) + 4;
  const chart = svg('svg', { viewBox: `0 0 ${WIDTH} ${height}`, width: '100%', role: 'img', class: 'chart', 'aria-label': title });
  chart.appendChild(svg('title', {}, title));
  const max = Math.max(1, ...bars.map((b) => b.segments.reduce((s, x) => s + x.value, 0)));
  const track = WIDTH - LABEL_WIDTH - NOTE_WIDTH - 16;
  bars.forEach((bar, i) => {
    const y = i * ROW + 4;
    const row = svg('g', { class: 'bar-row' });
    row.appendChild(svg('title', {}, `${bar.label}: ${bar.note}`));
    row.appendChild(svg('text', { x: LABEL_WIDTH - 8, y: y + BAR_HEIGHT / 2, class: 'bar-label', 'text-anchor': 'end', 'dominant-baseline': 'central' }, truncate(bar.label, 22)));
    row.appendChild(svg('rect', { x: LABEL_WIDTH, y, width: track, height: BAR_HEIGHT, rx: 2, class: 'bar-track' }));
    let x = LABEL_WIDTH;
    for (const seg of bar.segments) {
      const w = (seg.value / max) * track;
      if (w <= 0) continue;
      row.appendChild(svg('rect', { x, y, width: Math.max(w, 1.5), height: BAR_HEIGHT, class: `bar ${seg.series}` }));
      x += w;
    }
    row.appendChild(svg('text', { x: LABEL_WIDTH + track + 8, y: y + BAR_HEIGHT / 2, class: 'bar-note', 'dominant-baseline': 'central' }, bar.note));
    chart.appendChild(row);
  });
  return chart;
}
