//! The app's rules, on top of everything else in the core: where the
//! person is in a scene ([`nav`]) and what an edit or an opened scene does
//! to the rest ([`session`]). The UI holds this state in signals and sends
//! it events; it decides nothing these modules can.

pub mod args;
pub mod computed;
pub mod edit;
pub mod history;
pub mod nav;
pub mod session;
pub mod switch;
