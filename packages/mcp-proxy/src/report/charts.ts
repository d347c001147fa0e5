// Inline SVG charts for the HTML report, generated as strings so the page needs no script or network to
// draw them. Every mark that carries a number has `data-value`, and every chart has `data-chart`, which
// the browser test reads.

export interface Bar {
  label: string;
  value: number;
  color: string;
}

export interface StackedRow {
  label: string;
  segments: Bar[];
}

export interface TimelineLane {
  label: string;
  points: Array<{ timeMs: number; color: string; label: string; shape: 'circle' | 'diamond' | 'square' }>;
}

const FONT = 'font-family="system-ui, sans-serif" font-size="12"';
const LABEL_WIDTH = 190;
const CHART_WIDTH = 900;
const ROW_HEIGHT = 26;
const BAR_HEIGHT = 18;

/** Draws one horizontal bar per entry and prints the value after the bar. */
export function renderHorizontalBars(chartId: string, title: string, bars: Bar[]): string {
  const largest = Math.max(1, ...bars.map((bar) => bar.value));
  const plotWidth = CHART_WIDTH - LABEL_WIDTH - 50;
  const height = bars.length * ROW_HEIGHT + 10;

  const rows = bars.map((bar, index) => {
    const y = 5 + index * ROW_HEIGHT;
    const width = bar.value === 0 ? 0 : Math.max(2, (bar.value / largest) * plotWidth);
    return [
      `<text x="${LABEL_WIDTH - 8}" y="${y + 13}" text-anchor="end">${escapeXml(bar.label)}</text>`,
      `<rect x="${LABEL_WIDTH}" y="${y}" width="${round(width)}" height="${BAR_HEIGHT}" fill="${bar.color}" data-value="${bar.value}">` +
        `<title>${escapeXml(`${bar.label}: ${bar.value}`)}</title></rect>`,
      `<text x="${round(LABEL_WIDTH + width + 6)}" y="${y + 13}">${bar.value}</text>`,
    ].join('');
  });
  return wrapSvg(chartId, title, height, rows.join('\n'));
}

/** Draws one horizontal bar per row, split into coloured segments, under a legend of the segments. */
export function renderStackedBars(chartId: string, title: string, rows: StackedRow[], legend: Bar[]): string {
  const largest = Math.max(1, ...rows.map((row) => sum(row.segments.map((segment) => segment.value))));
  const plotWidth = CHART_WIDTH - LABEL_WIDTH - 50;
  const legendHeight = Math.ceil(legend.length / 3) * 18 + 8;
  const height = legendHeight + rows.length * ROW_HEIGHT + 10;

  const legendMarks = legend.map((entry, index) => {
    const x = (index % 3) * 210;
    const y = Math.floor(index / 3) * 18;
    return `<rect x="${x}" y="${y + 2}" width="12" height="12" fill="${entry.color}"></rect><text x="${x + 17}" y="${y + 12}">${escapeXml(entry.label)}</text>`;
  });

  const bars = rows.map((row, index) => {
    const y = legendHeight + 5 + index * ROW_HEIGHT;
    let x = LABEL_WIDTH;
    const segments = row.segments
      .filter((segment) => segment.value > 0)
      .map((segment) => {
        const width = (segment.value / largest) * plotWidth;
        const mark =
          `<rect x="${round(x)}" y="${y}" width="${round(width)}" height="${BAR_HEIGHT}" fill="${segment.color}" data-value="${segment.value}">` +
          `<title>${escapeXml(`${row.label}, ${segment.label}: ${segment.value}`)}</title></rect>`;
        x += width;
        return mark;
      });
    const total = sum(row.segments.map((segment) => segment.value));
    return [
      `<text x="${LABEL_WIDTH - 8}" y="${y + 13}" text-anchor="end">${escapeXml(row.label)}</text>`,
      ...segments,
      `<text x="${round(x + 6)}" y="${y + 13}">${total}</text>`,
    ].join('');
  });
  return wrapSvg(chartId, title, height, [...legendMarks, ...bars].join('\n'));
}

/** Draws vertical bars over ordered bins, labelled underneath. */
export function renderHistogram(chartId: string, title: string, bins: Array<Omit<Bar, 'color'>>, color: string): string {
  const largest = Math.max(1, ...bins.map((bin) => bin.value));
  const plotHeight = 160;
  const slot = (CHART_WIDTH - 40) / Math.max(1, bins.length);
  const height = plotHeight + 50;

  const marks = bins.map((bin, index) => {
    const x = 20 + index * slot;
    const barHeight = bin.value === 0 ? 0 : Math.max(2, (bin.value / largest) * plotHeight);
    const y = 15 + plotHeight - barHeight;
    return [
      `<rect x="${round(x + 4)}" y="${round(y)}" width="${round(slot - 8)}" height="${round(barHeight)}" fill="${color}" data-value="${bin.value}">` +
        `<title>${escapeXml(`${bin.label} tokens: ${bin.value}`)}</title></rect>`,
      `<text x="${round(x + slot / 2)}" y="${round(y - 4)}" text-anchor="middle">${bin.value}</text>`,
      `<text x="${round(x + slot / 2)}" y="${plotHeight + 32}" text-anchor="middle">${escapeXml(bin.label)}</text>`,
    ].join('');
  });
  const axis = `<line x1="20" y1="${plotHeight + 15}" x2="${CHART_WIDTH - 20}" y2="${plotHeight + 15}" stroke="#888"></line>`;
  return wrapSvg(chartId, title, height, [axis, ...marks].join('\n'));
}

/**
 * Draws one lane per session. Each lane runs from its session's first record to its last, so the order
 * and spacing of events within a session stay readable when sessions are hours apart. The lane's
 * duration is printed at its right.
 */
export function renderTimeline(chartId: string, title: string, lanes: TimelineLane[]): string {
  const plotWidth = CHART_WIDTH - LABEL_WIDTH - 70;
  const height = lanes.length * ROW_HEIGHT + 10;

  const rows = lanes.map((lane, index) => {
    const times = lane.points.map((point) => point.timeMs);
    const start = Math.min(...times);
    const span = Math.max(...times) - start;
    const y = 5 + index * ROW_HEIGHT + BAR_HEIGHT / 2;

    const line = `<line x1="${LABEL_WIDTH}" y1="${y}" x2="${LABEL_WIDTH + plotWidth}" y2="${y}" stroke="#ddd"></line>`;
    const points = lane.points.map((point) => {
      const offset = span === 0 ? 0.5 : (point.timeMs - start) / span;
      return renderPoint(round(LABEL_WIDTH + offset * plotWidth), y, point);
    });
    return [
      `<text x="${LABEL_WIDTH - 8}" y="${y + 4}" text-anchor="end">${escapeXml(lane.label)}</text>`,
      line,
      ...points,
      `<text x="${LABEL_WIDTH + plotWidth + 12}" y="${y + 4}">${escapeXml(formatDuration(span))}</text>`,
    ].join('');
  });
  return wrapSvg(chartId, title, height, rows.join('\n'));
}

/** Formats a duration as `420 ms`, `45 s`, `12 min` or `3.5 h`. */
function formatDuration(durationMs: number): string {
  if (durationMs < 1_000) return `${Math.round(durationMs)} ms`;
  const seconds = durationMs / 1_000;
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3_600).toFixed(1)} h`;
}

function renderPoint(x: number, y: number, point: TimelineLane['points'][number]): string {
  const tooltip = `<title>${escapeXml(point.label)}</title>`;
  if (point.shape === 'circle') return `<circle cx="${x}" cy="${y}" r="6" fill="${point.color}" data-value="1">${tooltip}</circle>`;
  if (point.shape === 'square') return `<rect x="${x - 5}" y="${y - 5}" width="10" height="10" fill="${point.color}" data-value="1">${tooltip}</rect>`;
  return `<path d="M${x} ${y - 7}L${x + 7} ${y}L${x} ${y + 7}L${x - 7} ${y}Z" fill="${point.color}" data-value="1">${tooltip}</path>`;
}

function wrapSvg(chartId: string, title: string, height: number, body: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" data-chart="${escapeXml(chartId)}" role="img" aria-label="${escapeXml(title)}" ` +
    `viewBox="0 0 ${CHART_WIDTH} ${height}" width="${CHART_WIDTH}" height="${height}" ${FONT}>\n${body}\n</svg>`
  );
}

/** Escapes text for XML and HTML content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
