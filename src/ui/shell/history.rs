//! Undo, redo and free play: the page's side of the core's
//! `app::history`. Every change of the scene goes through
//! [`Lab::apply`] or [`Lab::open`], which record the moment before it.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::core::app::edit::Edit;
use crate::core::app::history::{Moment, Where};
use crate::ui::shell::state::{Event, Lab, Source};

impl Lab {
    /// Make the change `edit` names, through the core's page (which
    /// records it for undo). The only way the page changes a scene in place.
    pub fn apply(&self, edit: Edit) {
        let Some(lesson) = self.lesson.try_get_untracked() else {
            return;
        };
        let at = Where {
            step: self.current_step_untracked(),
            view: self.view_name(),
        };
        self.page.update_value(|p| {
            self.scene.update(|s| p.edit(s, at, lesson, &edit));
        });
        self.sync_undo();
        self.send(Event::Edited);
    }

    /// The page as undo would bring it back. `None` once disposed.
    pub(super) fn moment(&self) -> Option<Moment> {
        let lesson = self.lesson.try_get_untracked()?;
        self.scene.try_with_untracked(|_| ())?;
        Some(Moment {
            scene: self.snapshot(),
            lesson,
        })
    }

    pub(super) fn sync_undo(&self) {
        let now = self
            .page
            .with_value(|p| (p.history.can_undo(), p.history.can_redo()));
        if self.undoable.get_untracked() != now {
            self.undoable.set(now);
        }
    }

    /// Take back the last change (an edit, a lesson, a picture, a file, a reset).
    pub fn undo(&self) {
        let Some(now) = self.moment() else { return };
        let back = self.page.try_update_value(|p| p.undo(now)).flatten();
        self.restore(back);
    }

    /// Make again the last change undone.
    pub fn redo(&self) {
        let Some(now) = self.moment() else { return };
        let next = self.page.try_update_value(|p| p.redo(now)).flatten();
        self.restore(next);
    }

    fn restore(&self, moment: Option<Moment>) {
        self.sync_undo();
        let Some(m) = moment else { return };
        // A focused field keeps what is typed in it: let go of it, so
        // every field shows the scene brought back.
        if let Some(el) = document()
            .active_element()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.blur();
        }
        self.undo_note.set(None);
        self.lesson.set(m.lesson);
        self.pending.update_value(|p| p.clear());
        self.opened.update(|k| *k += 1);
        self.load(m.scene);
    }

    /// Leave the lessons: back to the person's own scene, the last one
    /// they had outside a lesson (or this one, if there was none).
    pub fn free_play(&self) {
        if self.lesson.get_untracked().is_none() {
            return;
        }
        let own = self.page.with_value(|p| p.history.own_scene().cloned());
        let scene = own.unwrap_or_else(|| self.snapshot());
        self.open(scene, Source::FreePlay);
    }
}
