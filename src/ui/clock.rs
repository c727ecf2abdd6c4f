//! The animation clock as a hook: while `playing`, call `tick` every
//! `1/speed` seconds. Playing is resumed by setting the signal.

use std::time::Duration;

use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Clock {
    pub pause: Callback<()>,
    pub is_active: Signal<bool>,
}

pub fn use_clock(
    playing: RwSignal<bool>,
    speed: RwSignal<f64>,
    tick: impl Fn() + Clone + 'static,
) -> Clock {
    let handle = StoredValue::new_local(None::<IntervalHandle>);
    Effect::new(move |_| {
        let on = playing.get();
        let per_second = speed.get().clamp(0.25, 60.0);
        if let Some(h) = handle.get_value() {
            h.clear();
            handle.set_value(None);
        }
        if on {
            let tick = tick.clone();
            let h = set_interval_with_handle(tick, Duration::from_secs_f64(1.0 / per_second)).ok();
            handle.set_value(h);
        }
    });
    on_cleanup(move || {
        if let Some(h) = handle.try_get_value().flatten() {
            h.clear();
        }
    });
    Clock {
        pause: Callback::new(move |()| playing.set(false)),
        is_active: playing.into(),
    }
}
