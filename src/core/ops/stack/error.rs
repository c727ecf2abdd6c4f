//! Why a stack is refused, and by which layer.

use std::fmt;

use crate::core::engine::error::{ConvError, Reference};
use crate::core::model::limits::MAX_LAYERS;
use crate::core::ops::network::pool_error::PoolError;

/// Why a stack is refused, and by which layer.
#[derive(Clone, Debug, PartialEq)]
pub enum StackError {
    /// Fewer than 1 or more than [`MAX_LAYERS`] layers.
    LayerCount { layers: usize },
    /// Layer `layer` (0-based) is refused: by PyTorch's rules, or by a
    /// ConvLab cap counted over the chain up to it.
    Layer { layer: usize, error: ConvError },
    /// Pool layer `layer` (0-based) is refused by PyTorch's pooling rules
    /// (or computes more than ConvLab does).
    Pool { layer: usize, error: PoolError },
}

impl StackError {
    /// The 0-based layer that raised it (the oracle's `error_layer`).
    pub fn layer(&self) -> Option<usize> {
        match self {
            StackError::LayerCount { .. } => None,
            StackError::Layer { layer, .. } | StackError::Pool { layer, .. } => Some(*layer),
        }
    }

    /// The layer's own refusal, if one layer is to blame.
    pub fn conv_error(&self) -> Option<&ConvError> {
        match self {
            StackError::LayerCount { .. } | StackError::Pool { .. } => None,
            StackError::Layer { error, .. } => Some(error),
        }
    }

    /// The pool layer's own refusal, if a pool is to blame.
    pub fn pool_error(&self) -> Option<&PoolError> {
        match self {
            StackError::Pool { error, .. } => Some(error),
            _ => None,
        }
    }

    pub fn reference(&self) -> Reference {
        match self {
            StackError::Pool {
                error: PoolError::TooLarge { .. },
                ..
            } => Reference::ConvLab,
            StackError::Pool { .. } => Reference::PyTorch,
            _ => self
                .conv_error()
                .map_or(Reference::ConvLab, ConvError::reference),
        }
    }

    pub fn rule(&self) -> &'static str {
        match self {
            StackError::LayerCount { .. } => "a stack has 1 to 8 layers",
            StackError::Layer { error, .. } => error.rule(),
            StackError::Pool {
                error: PoolError::TooLarge { .. },
                ..
            } => "too large to show",
            StackError::Pool { .. } => "PyTorch's pooling rules",
        }
    }

    /// What went wrong, in words for a student, naming the layer.
    pub fn explanation(&self) -> String {
        match self {
            StackError::LayerCount { layers } => format!(
                "A stack in ConvLab has from 1 to {MAX_LAYERS} layers; this one has {layers}."
            ),
            StackError::Layer { layer, error } => {
                format!(
                    "Layer {layer} (the {}): {}",
                    ordinal(layer + 1),
                    error.explanation()
                )
            }
            StackError::Pool { layer, error } => {
                format!(
                    "Layer {layer} (the {}): {}",
                    ordinal(layer + 1),
                    error.explanation()
                )
            }
        }
    }

    /// PyTorch's message, exactly as the layer's forward (or constructor) raises it.
    pub fn reference_message(&self) -> Option<String> {
        match self {
            StackError::Pool {
                error: PoolError::TooLarge { .. },
                ..
            } => None,
            StackError::Pool { error, .. } => Some(error.message()),
            _ => self.conv_error().and_then(ConvError::reference_message),
        }
    }
}

/// `1st`, `2nd`, `3rd`, `4th`, ...
pub fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

impl fmt::Display for StackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.explanation())?;
        if let Some(m) = self.reference_message() {
            write!(f, " ({} would say: {m})", self.reference().name())?;
        }
        Ok(())
    }
}

impl std::error::Error for StackError {}
