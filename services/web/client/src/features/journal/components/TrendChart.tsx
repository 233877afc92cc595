// Mood (−1…1) and energy (1…5) per day as two lines on one SVG chart drawn here: no library, no
// inline style (the CSP forbids it; colours come from iris.css). The SVG has a title and a summary
// for screen readers (role="img" + aria-labelledby), each point a <title> with its values, and the
// figure's caption says the same in words — not a table only, not a picture only.
import type { JournalTrend } from "../../iris/api/iris.ts";
import type { IrisT } from "../../iris/messages.ts";
import { useIrisT } from "../../iris/messages.ts";

const WIDTH = 640;
const HEIGHT = 240;
const PAD = { left: 44, right: 44, top: 16, bottom: 36 };

type Day = JournalTrend["days"][number];

const x = (index: number, count: number) =>
  PAD.left +
  (count <= 1 ? (WIDTH - PAD.left - PAD.right) / 2 : (index * (WIDTH - PAD.left - PAD.right)) / (count - 1));
const yMood = (mood: number) => PAD.top + ((1 - mood) / 2) * (HEIGHT - PAD.top - PAD.bottom);
const yEnergy = (energy: number) => PAD.top + ((5 - energy) / 4) * (HEIGHT - PAD.top - PAD.bottom);

function path(days: Day[], value: (day: Day) => number | null, y: (v: number) => number): string {
  return days
    .map((day, index) => ({ index, v: value(day) }))
    .filter((point): point is { index: number; v: number } => point.v !== null)
    .map(
      (point, i) =>
        `${i === 0 ? "M" : "L"}${x(point.index, days.length).toFixed(1)},${y(point.v).toFixed(1)}`,
    )
    .join(" ");
}

const mean = (values: number[]) =>
  values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;

function summary(t: IrisT, language: string, trend: JournalTrend): string {
  const number = (value: number | null) =>
    value === null
      ? t("journal.none")
      : new Intl.NumberFormat(language, { maximumFractionDigits: 1 }).format(value);
  const moods = trend.days.flatMap((day) => (day.mood === null ? [] : [day.mood]));
  const energies = trend.days.flatMap((day) => (day.energy === null ? [] : [day.energy]));
  const base = t("journal.trendSummary", {
    days: trend.days.length,
    mood: number(mean(moods)),
    energy: number(mean(energies)),
  });
  const link =
    trend.correlation === null
      ? t("journal.noCorrelation")
      : t("journal.correlation", { r: number(trend.correlation) });
  return `${base} ${link}`;
}

function Points({ days, language, t }: { days: Day[]; language: string; t: IrisT }) {
  const label = (day: Day) =>
    t("journal.dayPoint", {
      day: new Intl.DateTimeFormat(language, { day: "numeric", month: "short", timeZone: "UTC" }).format(
        new Date(day.day),
      ),
      mood: day.mood === null ? t("journal.none") : day.mood,
      energy: day.energy === null ? t("journal.none") : day.energy,
    });
  return (
    <g>
      {days.map((day, index) => (
        <g key={day.day}>
          <title>{label(day)}</title>
          {day.mood !== null && (
            <circle
              className="mood"
              cx={x(index, days.length)}
              cy={yMood(day.mood)}
              r={4}
              fill="none"
              strokeWidth={2}
            />
          )}
          {day.energy !== null && (
            <rect
              className="energy"
              x={x(index, days.length) - 4}
              y={yEnergy(day.energy) - 4}
              width={8}
              height={8}
              fill="none"
              strokeWidth={2}
            />
          )}
        </g>
      ))}
    </g>
  );
}

export function TrendChart({ trend }: { trend: JournalTrend }) {
  const { t, language } = useIrisT();
  if (trend.days.length === 0) return <p>{t("journal.trendEmpty")}</p>;
  const text = summary(t, language, trend);
  return (
    <figure>
      <svg
        className="iris-chart"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby="trend-title trend-desc"
        width={WIDTH}
        height={HEIGHT}
      >
        <title id="trend-title">{t("journal.trendTitle")}</title>
        <desc id="trend-desc">{text}</desc>
        <line
          x1={PAD.left}
          x2={WIDTH - PAD.right}
          y1={yMood(0)}
          y2={yMood(0)}
          stroke="#9a9aa5"
          strokeDasharray="4 4"
        />
        <text x={4} y={PAD.top + 4} fontSize={20} fill="#1f5fbf">
          {t("journal.legendMood")}
        </text>
        <text x={WIDTH - PAD.right + 4} y={PAD.top + 4} fontSize={20} fill="#b3541e">
          {t("journal.legendEnergy")}
        </text>
        <path className="mood" d={path(trend.days, (day) => day.mood, yMood)} fill="none" strokeWidth={2} />
        <path
          className="energy"
          d={path(trend.days, (day) => day.energy, yEnergy)}
          fill="none"
          strokeWidth={2}
          strokeDasharray="6 3"
        />
        <Points days={trend.days} language={language} t={t} />
      </svg>
      <figcaption>{text}</figcaption>
    </figure>
  );
}
