//! The animation timeline: which frame is shown, how far through the
//! frame's input channels the sum has got, and whether it plays.
//!
//! A frame (one output value) sums over the input channels of its group;
//! stepping forward first adds those channels one by one, then moves to the
//! next frame. Every transition keeps the state in range, so a reader never
//! has to clamp: `step() < frames()` whenever there is a frame, and the
//! channel reached is inside the group.
//!
//! "Ask before each reveal" (classroom mode, with the answer hidden): each
//! frame the animation steps onto waits with its value unwritten
//! ([`Timeline::is_asking`]), playing stops, the class calls out the
//! value, and [`Timeline::reveal`] (or a step forward) writes it and plays
//! on if it was playing.

/// How far the current frame's sum has got through its group's channels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Progress {
    /// Channels `0..=k` of the group are summed (and `k + 1 < group_in`).
    Through(usize),
    /// Every channel of the group is summed: the frame's value is complete.
    Complete,
}

/// The animation's state machine. Plain data: the UI holds one signal of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timeline {
    frames: usize,
    group_in: usize,
    step: usize,
    progress: Progress,
    playing: bool,
    looping: bool,
    /// "Ask before each reveal" is on.
    ask: bool,
    /// The frame at `step` waits for its reveal: its value is not written.
    asking: bool,
    /// Play on after the reveal (the animation was playing when it asked).
    resume: bool,
}

impl Default for Timeline {
    fn default() -> Self {
        Timeline::new(0, 1)
    }
}

impl Timeline {
    /// A paused, looping timeline at its first frame, shown complete.
    /// `group_in` (input channels per group) of 0 is taken as 1.
    pub fn new(frames: usize, group_in: usize) -> Timeline {
        Timeline {
            frames,
            group_in: group_in.max(1),
            step: 0,
            progress: Progress::Complete,
            playing: false,
            looping: true,
            ask: false,
            asking: false,
            resume: false,
        }
    }

    /// Number of frames (0 when there is nothing to animate).
    pub fn frames(&self) -> usize {
        self.frames
    }
    pub fn group_in(&self) -> usize {
        self.group_in
    }
    /// The frame shown: always `< frames()` when there are frames, else 0.
    pub fn step(&self) -> usize {
        self.step
    }
    pub fn progress(&self) -> Progress {
        self.progress
    }
    pub fn is_playing(&self) -> bool {
        self.playing
    }
    pub fn is_looping(&self) -> bool {
        self.looping
    }
    pub fn is_empty(&self) -> bool {
        self.frames == 0
    }
    pub fn is_last(&self) -> bool {
        self.step + 1 >= self.frames
    }

    /// The group's channel (0-based within the group) the sum has reached:
    /// `group_in() - 1` when the frame is complete.
    pub fn channel_reached(&self) -> usize {
        match self.progress {
            Progress::Through(k) => k,
            Progress::Complete => self.group_in - 1,
        }
    }

    /// `(shown frame, frame count)` counted from 1, or `None` without frames.
    pub fn position(&self) -> Option<(usize, usize)> {
        (self.frames > 0).then_some((self.step + 1, self.frames))
    }

    /// The progress at the start of a frame: its first channel, or complete
    /// when the group has only one.
    fn fresh(&self) -> Progress {
        if self.group_in > 1 {
            Progress::Through(0)
        } else {
            Progress::Complete
        }
    }

    /// One step forward: the next channel of the group, else the next frame,
    /// else (looping) the first frame, else stop playing at the last frame.
    /// While a frame asks, a step forward is its reveal.
    pub fn forward(&mut self) {
        if self.frames == 0 {
            self.playing = false;
            return;
        }
        if self.asking {
            self.reveal();
            return;
        }
        match self.progress {
            Progress::Through(k) if k + 2 < self.group_in => {
                self.progress = Progress::Through(k + 1)
            }
            Progress::Through(_) => self.progress = Progress::Complete,
            Progress::Complete if self.step + 1 < self.frames => {
                self.step += 1;
                self.progress = self.fresh();
                self.ask_here();
            }
            Progress::Complete if self.looping => {
                self.step = 0;
                self.progress = self.fresh();
                self.ask_here();
            }
            Progress::Complete => self.playing = false,
        }
    }

    /// In ask mode, the frame just stepped onto waits for its reveal, and
    /// playing stops until then.
    fn ask_here(&mut self) {
        if self.ask {
            self.asking = true;
            self.resume = self.playing;
            self.playing = false;
        }
    }

    /// Stop asking without writing anything: the frame is shown as a jump
    /// shows it.
    fn stop_asking(&mut self) {
        self.asking = false;
        self.resume = false;
    }

    /// Write the asked frame's value (its sum complete) and play on if the
    /// animation was playing when it asked. Nothing to do otherwise.
    pub fn reveal(&mut self) {
        if self.asking {
            self.asking = false;
            self.progress = Progress::Complete;
            self.playing = std::mem::take(&mut self.resume);
        }
    }

    /// Turn "ask before each reveal" on or off. Turned on, the frame on
    /// screen asks first (its value unwritten until the reveal); off
    /// reveals a frame that is asking.
    pub fn set_ask(&mut self, on: bool) {
        let was = self.ask;
        self.ask = on;
        if !on {
            self.reveal();
        } else if !was && self.frames > 0 {
            self.ask_here();
        }
    }

    /// Whether "ask before each reveal" is on.
    pub fn asks(&self) -> bool {
        self.ask
    }

    /// Whether the frame at the step waits for its reveal: its value is
    /// not written yet.
    pub fn is_asking(&self) -> bool {
        self.asking
    }

    /// One step back: the previous frame, shown complete (the first frame
    /// stays, shown complete).
    pub fn back(&mut self) {
        self.stop_asking();
        self.step = self.step.saturating_sub(1);
        self.progress = Progress::Complete;
    }

    /// Jump to frame `step` (clamped to the last one), shown complete.
    pub fn seek(&mut self, step: usize) {
        self.stop_asking();
        self.step = step.min(self.frames.saturating_sub(1));
        self.progress = Progress::Complete;
    }

    pub fn first(&mut self) {
        self.seek(0);
    }
    pub fn last(&mut self) {
        self.seek(usize::MAX);
    }

    pub fn pause(&mut self) {
        self.playing = false;
        self.resume = false;
    }

    /// Play or pause. Playing from the last frame without looping starts
    /// over; with no frames there is nothing to play. While a frame asks,
    /// play reveals it and plays on.
    pub fn toggle_play(&mut self) {
        if self.asking {
            self.reveal();
            self.playing = true;
        } else if self.playing {
            self.playing = false;
        } else if self.frames > 0 {
            if !self.looping && self.is_last() {
                self.seek(0);
            }
            self.playing = true;
        }
    }

    pub fn set_looping(&mut self, on: bool) {
        self.looping = on;
    }

    /// The scene changed: keep the step where it still exists, clamp it where
    /// the timeline got shorter, and keep the channel progress inside the new
    /// group. With no frames left, playing stops.
    pub fn rescale(&mut self, frames: usize, group_in: usize) {
        let group_in = group_in.max(1);
        self.frames = frames;
        if group_in != self.group_in {
            self.group_in = group_in;
            self.progress = Progress::Complete;
        }
        if let Progress::Through(k) = self.progress {
            if k + 1 >= self.group_in {
                self.progress = Progress::Complete;
            }
        }
        if frames == 0 {
            self.step = 0;
            self.playing = false;
            self.progress = Progress::Complete;
            self.stop_asking();
        } else if self.step >= frames {
            self.step = frames - 1;
            self.progress = Progress::Complete;
            self.stop_asking();
        }
    }

    /// Whether the state is inside its ranges (what every transition keeps).
    pub fn is_consistent(&self) -> bool {
        let step_ok = if self.frames == 0 {
            self.step == 0 && !self.playing
        } else {
            self.step < self.frames
        };
        let progress_ok = match self.progress {
            Progress::Through(k) => k + 1 < self.group_in,
            Progress::Complete => true,
        };
        // Asking: in ask mode, at a frame, not playing; resuming: asking.
        let ask_ok = (!self.asking || (self.ask && self.frames > 0 && !self.playing))
            && (!self.resume || self.asking);
        step_ok && progress_ok && ask_ok && self.group_in >= 1
    }
}

#[cfg(test)]
mod tests;
