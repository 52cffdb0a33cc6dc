//! The page's state: one signal holding the request as typed and what the page says beside it,
//! and [`Lens`], how a component reads and writes one field of it.

use leptos::prelude::*;

use std::sync::Arc;

use crate::core::import::Source;
use crate::core::report::EstimateReport;
use crate::core::request::{FormatChoice, ModelInput, Request};
use crate::core::{Model, WeightFormat};

/// What the chip says about a model the user picked, pasted or imported (the model itself is in
/// the request).
#[derive(Clone, Debug, PartialEq)]
pub struct Chosen {
    /// The catalogue id, when the model is a preset (it travels in share links).
    pub preset: Option<String>,
    /// What the chip says: the preset's name, or the files and their facts.
    pub label: String,
    /// The format the model declares (a quantization_config, or its files as stored), as
    /// (value, label).
    pub format: Option<(String, String)>,
}

/// Everything the page holds, in one signal: the request as typed, and what the page says
/// about it beside the fields.
#[derive(Clone, Debug)]
pub struct PageState {
    /// The request, every field as typed.
    pub request: Request,
    /// The chip of a chosen model; `Some` exactly while `request.model` is chosen.
    pub chosen: Option<Chosen>,
    /// What was typed before a model was chosen, restored when the choice is cleared.
    pub typed_before: String,
    /// Why the last pick, paste or import failed (empty: it did not).
    pub import_error: String,
    /// A GGUF repo's quantizations read from the Hub, as (first file's path, label), and the
    /// path of the one read.
    pub hub_quants: (Vec<(String, String)>, String),
}

impl PageState {
    /// Puts a picked, pasted or imported model in the request, its declared format with it.
    pub fn choose(&mut self, model: Model, source: Option<Source>, chosen: Chosen, format: Option<FormatChoice>) {
        if let ModelInput::Typed(text) = &self.request.model {
            self.typed_before = text.clone();
        }
        match format {
            Some(format) => self.request.quant = format,
            None if matches!(self.request.quant, FormatChoice::AsStored) => self.request.quant = FormatChoice::Format(WeightFormat::Bf16),
            None => {}
        }
        self.request.model = ModelInput::Chosen(model);
        self.request.source = source;
        self.request.hub = None;
        self.hub_quants = Default::default();
        self.chosen = Some(chosen);
        self.import_error.clear();
    }

    /// Back to a typed parameter count (typing one replaces any chosen model).
    pub fn type_params(&mut self, text: String) {
        if self.chosen.take().is_some() && matches!(self.request.quant, FormatChoice::AsStored) {
            self.request.quant = FormatChoice::Format(WeightFormat::Bf16);
        }
        self.request.source = None;
        self.request.hub = None;
        self.hub_quants = Default::default();
        self.request.model = ModelInput::Typed(text);
    }
}

/// One field of the page's state, read and written through plain function pointers: one
/// instance serves every field of a type (page weight), and no memo is kept per field (a
/// field's view reruns on every change of the state, which only sets the same value again).
pub struct Lens<T: 'static> {
    state: RwSignal<PageState>,
    read: fn(&PageState) -> T,
    write: fn(&mut PageState, T),
}

impl<T: 'static> Clone for Lens<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: 'static> Copy for Lens<T> {}

impl<T: 'static> Lens<T> {
    /// The field of `state` that `read` reads and `write` writes.
    pub fn new(state: RwSignal<PageState>, read: fn(&PageState) -> T, write: fn(&mut PageState, T)) -> Lens<T> {
        Lens { state, read, write }
    }

    /// The field's value (tracked: a view that reads it reruns when the state changes).
    pub fn get(self) -> T {
        self.state.with(self.read)
    }

    /// The field's value now, without tracking it.
    pub fn get_untracked(self) -> T {
        self.state.with_untracked(self.read)
    }

    /// Sets the field.
    pub fn set(self, value: T) {
        self.state.update(|s| (self.write)(s, value));
    }
}

/// A field that is only shown, never written by its view.
pub fn read_only<T>(_: &mut PageState, _: T) {}

/// The last good report, as the cards read it: shared rather than copied per update (a derived
/// clone of the whole report cost the page 1.5 KB gzipped, and time on every edit; `Arc` because
/// a `Memo` holds only `Send` values).
pub type ShownReport = Signal<Option<Arc<EstimateReport>>>;
