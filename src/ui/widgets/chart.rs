//! A horizontal bar chart drawn as SVG from Rust: one row per label, the
//! series side by side (grouped) or one on another (stacked). Accessible
//! as an image whose description reads every value; the report's table
//! below it is the full text alternative. Integer geometry only.

use leptos::prelude::*;

/// What the chart shows, already in words and numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartData {
    pub title: String,
    pub series: Vec<String>,
    pub bars: Vec<Bar>,
    pub stacked: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    pub label: String,
    /// Each series' value, in one unit: a count, or minor units of one currency.
    pub values: Vec<i64>,
    /// How each value reads.
    pub texts: Vec<String>,
    /// How the stack's total reads (stacked charts).
    pub total: String,
}

impl ChartData {
    /// "Proposal: Deals 2, Value 50 000 Kč; …" — the chart in words.
    pub fn description(&self) -> String {
        self.bars
            .iter()
            .map(|b| {
                let parts: Vec<String> = self.series.iter().zip(&b.texts).map(|(s, t)| format!("{s} {t}")).collect();
                format!("{}: {}", b.label, parts.join(", "))
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// Drawn this wide and scaled to fit: up to 4/3 on a wide screen, about
/// 5/6 on a phone, whose larger font (style/main.css) stays readable.
const WIDTH: i64 = 360;
/// Each row's label stands above its bars (long names fit on a phone).
const LABEL_HEIGHT: i64 = 16;
/// Room after the longest bar for its value.
const VALUE_ROOM: i64 = 110;
const BAR: i64 = 11;
const GAP: i64 = 8;
const LABEL_CHARS: usize = 60;

fn short(label: &str) -> String {
    if label.chars().count() <= LABEL_CHARS {
        label.to_string()
    } else {
        format!("{}…", label.chars().take(LABEL_CHARS - 1).collect::<String>())
    }
}

#[component]
pub fn BarChart(data: ChartData) -> impl IntoView {
    let n = data.series.len().max(1) as i64;
    let row_height = LABEL_HEIGHT + if data.stacked { BAR + 2 } else { n * BAR + 2 };
    let height = (data.bars.len() as i64 * (row_height + GAP)).max(row_height + GAP);
    let span = WIDTH - VALUE_ROOM;
    let max = data
        .bars
        .iter()
        .map(|b| if data.stacked { b.values.iter().map(|x| (*x).max(0)).sum() } else { b.values.iter().copied().max().unwrap_or(0) })
        .max()
        .unwrap_or(0)
        .max(1);
    let len = |v: i64| (i128::from(v.max(0)) * i128::from(span) / i128::from(max)) as i64;
    let desc = data.description();
    let rows = data
        .bars
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let (label, values, texts) = (&b.label, &b.values, &b.texts);
            let y = i as i64 * (row_height + GAP);
            let mut x = 0;
            let top = y + LABEL_HEIGHT;
            let bars = values
                .iter()
                .zip(texts)
                .enumerate()
                .map(|(s, (v, t))| {
                    let w = len(*v);
                    let (bx, by) = if data.stacked { (x, top) } else { (0, top + s as i64 * BAR) };
                    if data.stacked {
                        x += w;
                    }
                    let tip = format!("{label} — {}: {t}", data.series.get(s).cloned().unwrap_or_default());
                    let value = (!data.stacked).then(|| {
                        view! { <text class="chart-value" x=(bx + w + 4).to_string() y=(by + BAR - 2).to_string()>{t.clone()}</text> }
                    });
                    view! {
                        <rect class=format!("bar series-{s}") x=bx.to_string() y=by.to_string() width=w.to_string() height=(BAR - 1).to_string()>
                            <title>{tip}</title>
                        </rect>
                        {value}
                    }
                })
                .collect_view();
            // A stacked row reads its total after the stack.
            let total = data.stacked.then(|| {
                let sum: i64 = values.iter().map(|v| (*v).max(0)).sum();
                view! { <text class="chart-value" x=(len(sum) + 4).to_string() y=(top + BAR - 2).to_string()>{b.total.clone()}</text> }
            });
            view! {
                <g class="chart-row">
                    <text class="chart-label" x="0" y=(y + LABEL_HEIGHT - 4).to_string()>
                        <title>{label.clone()}</title>
                        {short(label)}
                    </text>
                    {bars}
                    {total}
                </g>
            }
        })
        .collect_view();
    let legend = (data.series.len() > 1).then(|| {
        data.series
            .iter()
            .enumerate()
            .map(|(s, name)| view! { <li><span class=format!("swatch series-{s}") aria-hidden="true"></span>{name.clone()}</li> })
            .collect_view()
    });
    view! {
        <figure class="chart" id="report-chart">
            <ul class="chart-legend" aria-hidden="true">{legend}</ul>
            <svg viewBox=format!("0 0 {WIDTH} {height}") role="img" aria-labelledby="chart-title chart-desc" preserveAspectRatio="xMinYMin meet">
                <title id="chart-title">{data.title.clone()}</title>
                <desc id="chart-desc">{desc}</desc>
                {rows}
            </svg>
        </figure>
    }
}
