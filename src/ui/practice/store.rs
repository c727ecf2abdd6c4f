//! Where practice keeps the person's progress (local storage) and the
//! teacher's link the page was opened with.

use std::cell::RefCell;

use crate::core::practice::{Kind, LinkError, Mastery, PracticeSet};
use crate::ui::shell::state::{Event, Lab, View};

const KEY: &str = "convlab-practice";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The progress kept, or a fresh one (junk in storage is a fresh one).
pub fn load_mastery() -> Mastery {
    storage()
        .and_then(|s| s.get_item(KEY).ok().flatten())
        .map_or_else(Mastery::new, |t| Mastery::from_storage(&t))
}

pub fn save_mastery(m: &Mastery) {
    if let Some(s) = storage() {
        let _ = s.set_item(KEY, &m.to_storage());
    }
}

thread_local! {
    static LINK: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Keep a `#practice=…` fragment the page was opened with, for the
/// practice page to read when it opens.
pub fn keep_link(fragment: &str) {
    LINK.with(|l| *l.borrow_mut() = Some(fragment.to_string()));
}

/// The link the page was opened with, read once.
pub fn take_link() -> Option<Result<PracticeSet, LinkError>> {
    LINK.with(|l| l.borrow_mut().take())
        .map(|f| PracticeSet::parse(&f))
}

/// A fresh seed for a person's own set (a teacher's link fixes it instead).
pub fn new_seed() -> u64 {
    (js_sys::Math::random() * 4_294_967_296.0) as u64
}

/// Open the practice page on a new set of `kinds` (a lesson section's).
pub fn practise(lab: Lab, kinds: &[Kind]) {
    keep_link(&PracticeSet::new(new_seed(), kinds, None).fragment());
    lab.send(Event::Show(View::Practice));
}
