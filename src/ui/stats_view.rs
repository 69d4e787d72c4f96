//! The statistics view: spans per label, progress over the corpus and the most frequent entity
//! strings, drawn as SVG by the app itself (no chart library, nothing fetched).

use super::i18n::{tr, Lang, T};
use crate::core::corpus::Status;
use crate::core::labels::LabelSet;
use crate::core::stats::Stats;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct StatsViewProps {
    pub lang: Lang,
    pub labels: LabelSet,
    /// `None` while the corpus is being read.
    pub stats: Option<Stats>,
    pub on_close: Callback<()>,
}

const BAR_HEIGHT: u32 = 18;
const LABEL_WIDTH: u32 = 110;
const CHART_WIDTH: u32 = 520;

fn status_color(status: Status) -> &'static str {
    match status {
        Status::Todo => "#d0d7de",
        Status::InProgress => "#e3b341",
        Status::Done => "#2da44e",
    }
}

/// Horizontal bars, one per row: (name, value, colour).
fn bars(rows: &[(String, usize, String)]) -> Html {
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1);
    let height = rows.len() as u32 * (BAR_HEIGHT + 6) + 4;
    // Whole pixels throughout: no float formatting in the bundle for a chart.
    let room = (CHART_WIDTH - LABEL_WIDTH - 50) as usize;
    html! {
        <svg class="chart" width={CHART_WIDTH.to_string()} height={height.to_string()} role="img">
            { for rows.iter().enumerate().map(|(i, (name, value, color))| {
                let y = i as u32 * (BAR_HEIGHT + 6) + 2;
                let w = ((*value * room + max / 2) / max).max(if *value > 0 { 2 } else { 0 }) as u32;
                html! {
                    <g>
                        <text x={(LABEL_WIDTH - 6).to_string()} y={(y + BAR_HEIGHT - 5).to_string()} text-anchor="end" class="chart-label">{ name }</text>
                        <rect x={LABEL_WIDTH.to_string()} y={y.to_string()} width={w.to_string()} height={BAR_HEIGHT.to_string()} fill={color.clone()} rx="2" />
                        <text x={(LABEL_WIDTH + w + 4).to_string()} y={(y + BAR_HEIGHT - 5).to_string()} class="chart-value">{ value }</text>
                    </g>
                }
            }) }
        </svg>
    }
}

#[function_component(StatsView)]
pub fn stats_view(props: &StatsViewProps) -> Html {
    let lang = props.lang;
    let close = props.on_close.reform(|_: MouseEvent| ());
    let body = match &props.stats {
        None => html! { <p>{ tr(lang, T::Computing) }</p> },
        Some(stats) => {
            let name_of = |id: &str| props.labels.get(id).map_or_else(|| id.to_string(), |l| l.name.clone());
            let color_of = |id: &str| props.labels.get(id).map_or_else(|| "#888888".to_string(), |l| l.color.clone());
            let per_label: Vec<(String, usize, String)> =
                stats.per_label.iter().map(|(id, n)| (name_of(id), *n, color_of(id))).collect();
            let total: usize = stats.progress.iter().map(|(_, n)| n).sum::<usize>().max(1);
            // Each status from where the ones before it end, so the bar fills the width exactly.
            let mut before = 0usize;
            html! {
                <>
                    <h3>{ tr(lang, T::Progress) }</h3>
                    <svg class="chart" width={CHART_WIDTH.to_string()} height="28" role="img">
                        { for stats.progress.iter().map(|(status, n)| {
                            let width = CHART_WIDTH as usize;
                            let x = before * width / total;
                            before += *n;
                            let w = before * width / total - x;
                            let rect = html! {
                                <rect x={x.to_string()} y="0" width={w.to_string()} height="20" fill={status_color(*status)}
                                    data-status={status.as_str()}><title>{ format!("{} {n}", super::doc_list::status_name(lang, *status)) }</title></rect>
                            };
                            rect
                        }) }
                    </svg>
                    <p class="chart-legend">
                        { for stats.progress.iter().map(|(s, n)| html! {
                            <span><span class="swatch" style={format!("background-color:{}", status_color(*s))}></span>
                                { format!("{} {n}", super::doc_list::status_name(lang, *s)) }</span>
                        }) }
                    </p>
                    <h3>{ tr(lang, T::SpansPerLabel) }</h3>
                    { bars(&per_label) }
                    <h3>{ tr(lang, T::FrequentStrings) }</h3>
                    { for stats.top_strings.iter().map(|(label, strings)| html! {
                        <div class="chart-group" data-label={label.clone()}>
                            <h4>{ name_of(label) }</h4>
                            { bars(&strings.iter().map(|(t, n)| (t.clone(), *n, color_of(label))).collect::<Vec<_>>()) }
                        </div>
                    }) }
                </>
            }
        }
    };
    html! {
        <section class="stats-view" aria-label={tr(lang, T::Statistics)}>
            <header class="stats-head">
                <h2>{ tr(lang, T::Statistics) }</h2>
                <button class="button button-quiet" onclick={close}>{ tr(lang, T::Close) }</button>
            </header>
            { body }
        </section>
    }
}
