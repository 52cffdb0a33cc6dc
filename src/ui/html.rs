//! Read-only parts of the results written as HTML text and set as an element's `innerHTML`.
//!
//! Why text: every `view!` tree is its own set of generic build, rebuild and drop functions in
//! the wasm, and the result cards were most of the page's weight; as text they cost only the
//! strings, and the browser builds them in one call instead of one call per node. Controls
//! (inputs, selects, buttons) stay Leptos views. Every piece of text goes through [`Html::text`]
//! or [`Html::attr`], which escape it: names come from files a user dropped, and must never
//! become markup.

/// An HTML fragment being written.
#[derive(Default)]
pub struct Html(String);

impl Html {
    /// An empty fragment.
    pub fn new() -> Html {
        Html(String::new())
    }

    /// Opens `tag` with `attrs` written as they are: only literal attribute text from this
    /// crate's source goes here (values from data go through [`Html::attr`]).
    pub fn open(&mut self, tag: &str, attrs: &str) -> &mut Html {
        self.0.push('<');
        self.0.push_str(tag);
        if !attrs.is_empty() {
            self.0.push(' ');
            self.0.push_str(attrs);
        }
        self.0.push('>');
        self
    }

    /// Adds ` name="value"` to the tag being opened: call between [`Html::start`] and
    /// [`Html::end_start`].
    pub fn attr(&mut self, name: &str, value: &str) -> &mut Html {
        self.0.push(' ');
        self.0.push_str(name);
        self.0.push_str("=\"");
        escape_into(&mut self.0, value);
        self.0.push('"');
        self
    }

    /// Starts `<tag` so that [`Html::attr`] can add attributes from data.
    pub fn start(&mut self, tag: &str) -> &mut Html {
        self.0.push('<');
        self.0.push_str(tag);
        self
    }

    /// Ends a tag begun with [`Html::start`].
    pub fn end_start(&mut self) -> &mut Html {
        self.0.push('>');
        self
    }

    /// Closes `tag`.
    pub fn close(&mut self, tag: &str) -> &mut Html {
        self.0.push_str("</");
        self.0.push_str(tag);
        self.0.push('>');
        self
    }

    /// Escaped text.
    pub fn text(&mut self, text: &str) -> &mut Html {
        escape_into(&mut self.0, text);
        self
    }

    /// `<tag attrs>text</tag>`.
    pub fn el(&mut self, tag: &str, attrs: &str, text: &str) -> &mut Html {
        self.open(tag, attrs).text(text).close(tag)
    }

    /// `<option value=…>label</option>`, selected when `value` is `chosen`.
    pub fn option(&mut self, value: &str, label: &str, chosen: &str) -> &mut Html {
        self.start("option").attr("value", value);
        if value == chosen {
            self.0.push_str(" selected");
        }
        self.end_start().text(label).close("option")
    }

    /// The fragment.
    pub fn into_string(self) -> String {
        self.0
    }
}

/// Appends `text` with the five characters that mean markup replaced by their entities.
fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}
