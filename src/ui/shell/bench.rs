//! `index.html?bench=engine`: times the engine's whole output in this
//! browser, for `scripts/bench_browser.mjs` (and anyone curious). Written
//! with web-sys alone, outside the app: the result goes into
//! `<pre id="bench">` as lines `bench NAME median_ms=… runs=…`.

use crate::core::engine::workload::image_like;
use crate::core::Plan;

pub const QUERY: &str = "bench=engine";

/// Run the benchmark if the page was opened with [`QUERY`]; true if it ran.
pub fn run_if_asked() -> bool {
    let Some(w) = web_sys::window() else {
        return false;
    };
    let search = w.location().search().unwrap_or_default();
    if !search
        .trim_start_matches('?')
        .split('&')
        .any(|p| p == QUERY)
    {
        return false;
    }
    let Some(perf) = w.performance() else {
        return false;
    };
    let mut lines = Vec::new();
    for (size, filters, runs) in [(64usize, 8usize, 40usize), (256, 16, 12)] {
        let scene = image_like(3, size, filters, 3);
        let Ok(plan) = Plan::new(&scene) else {
            continue;
        };
        let _ = plan.output(); // warm-up
        let mut times: Vec<f64> = (0..runs)
            .map(|_| {
                let t0 = perf.now();
                let out = plan.output();
                let t = perf.now() - t0;
                std::hint::black_box(out);
                t
            })
            .collect();
        times.sort_by(f64::total_cmp);
        let median = times[times.len() / 2];
        lines.push(format!(
            "bench output/1x3x{size}x{size}->{filters} 3x3 median_ms={median:.2} min_ms={:.2} runs={runs}",
            times[0]
        ));
    }
    if let Some(doc) = w.document() {
        if let (Ok(pre), Some(body)) = (doc.create_element("pre"), doc.body()) {
            pre.set_id("bench");
            pre.set_text_content(Some(&lines.join("\n")));
            let _ = body.append_child(&pre);
        }
    }
    true
}
