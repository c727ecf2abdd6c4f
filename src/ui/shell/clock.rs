//! The animation clock as a hook: while the timeline plays, call `tick`
//! every `1/speed` seconds. The interval is cleared when playing stops,
//! when the speed changes and when the owner is disposed, and a tick that
//! still arrives after that does nothing.

use std::time::Duration;

use leptos::prelude::*;

use crate::core::engine::timeline::Timeline;

/// The fastest speed the player offers, in steps per second.
pub const MAX_SPEED: f64 = 1024.0;

pub fn use_clock(
    timeline: Memo<Timeline>,
    speed: RwSignal<f64>,
    tick: impl Fn() + Clone + Send + Sync + 'static,
) {
    let handle = StoredValue::new_local(None::<IntervalHandle>);
    let playing = Memo::new(move |_| timeline.with(Timeline::is_playing));
    Effect::new(move |_| {
        let on = playing.get();
        // Past 60 steps a second (a picture has thousands of windows) each
        // tick of the clock takes several steps.
        let per_second = speed.get().clamp(0.25, MAX_SPEED);
        let per_tick = (per_second / 60.0).ceil().max(1.0) as usize;
        let per_second = per_second.min(60.0);
        if let Some(h) = handle.try_get_value().flatten() {
            h.clear();
            handle.try_set_value(None);
        }
        if on {
            let tick = tick.clone();
            let h = set_interval_with_handle(
                move || {
                    // The owner may be gone (a swapped view): then stop quietly.
                    if timeline.try_with_untracked(|_| ()).is_some() {
                        for _ in 0..per_tick {
                            tick();
                        }
                    }
                },
                Duration::from_secs_f64(1.0 / per_second),
            )
            .ok();
            handle.try_set_value(h);
        }
    });
    on_cleanup(move || {
        if let Some(h) = handle.try_get_value().flatten() {
            h.clear();
        }
    });
}
