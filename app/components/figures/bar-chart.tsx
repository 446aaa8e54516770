// A bar chart drawn on the server with visx (scales, bars and axes as React SVG elements), so it is in the page's
// HTML and works without JavaScript. It is an image with a title and a description for screen readers; the table
// beside it holds the same numbers. A hidden (suppressed) count has no bar and says so.
import { AxisBottom, AxisLeft } from "@visx/axis";
import { Group } from "@visx/group";
import { scaleBand, scaleLinear } from "@visx/scale";
import { Bar } from "@visx/shape";

export interface BarDatum {
  label: string;
  value: number | null;
}

const WIDTH = 720;
const MARGIN = { top: 8, right: 56, bottom: 36, left: 300 };
const BAR_HEIGHT = 26;

export function BarChart({ id, title, summary, data, unit }: { id: string; title: string; summary: string; data: BarDatum[]; unit: string }) {
  const height = MARGIN.top + MARGIN.bottom + data.length * BAR_HEIGHT;
  const innerWidth = WIDTH - MARGIN.left - MARGIN.right;
  const innerHeight = height - MARGIN.top - MARGIN.bottom;
  const max = Math.max(1, ...data.map((datum) => datum.value ?? 0));
  const x = scaleLinear<number>({ domain: [0, max], range: [0, innerWidth], nice: true });
  const y = scaleBand<string>({ domain: data.map((datum) => datum.label), range: [0, innerHeight], padding: 0.25 });
  return (
    <svg
      viewBox={`0 0 ${WIDTH} ${height}`}
      width="100%"
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      className="max-w-3xl"
      style={{ fontFamily: "inherit" }}
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{summary}</desc>
      <Group left={MARGIN.left} top={MARGIN.top}>
        {data.map((datum) => {
          const top = y(datum.label) ?? 0;
          const length = datum.value === null ? 0 : x(datum.value);
          return (
            <g key={datum.label}>
              <Bar x={0} y={top} width={length} height={y.bandwidth()} fill="#1d70b8" />
              <text x={length + 6} y={top + y.bandwidth() / 2} dominantBaseline="middle" fontSize={13} fill="#0b0c0c">
                {datum.value === null ? "hidden (fewer than 5, or to protect one that is)" : datum.value}
              </text>
            </g>
          );
        })}
        <AxisLeft scale={y} hideTicks tickLabelProps={{ fontSize: 13, fill: "#0b0c0c", textAnchor: "end", dominantBaseline: "middle" }} stroke="#505a5f" />
        <AxisBottom
          top={innerHeight}
          scale={x}
          numTicks={5}
          tickFormat={(value) => String(value)}
          label={`Number of ${unit}`}
          labelProps={{ fontSize: 13, fill: "#0b0c0c", textAnchor: "middle" }}
          tickLabelProps={{ fontSize: 12, fill: "#0b0c0c", textAnchor: "middle" }}
          stroke="#505a5f"
          tickStroke="#505a5f"
        />
      </Group>
    </svg>
  );
}
