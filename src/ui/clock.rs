//! The animation clock as a hook: while `playing`, call `tick` every
//! `1/speed` seconds.

use std::time::Duration;

use leptos::prelude::*;

pub struct Clock {
    pub pause: Box<dyn Fn()>,
    pub resume: Box<dyn Fn()>,
    pub is_active: Signal<bool>,
}

pub fn use_clock(playing: RwSignal<bool>, speed: RwSignal<f64>, tick: impl Fn() + Clone + 'static) -> Clock {
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
    Clock {
        pause: Box::new(move || playing.set(false)),
        resume: Box::new(move || playing.set(true)),
        is_active: playing.into(),
    }
}
