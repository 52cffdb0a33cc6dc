//! A titled block of text to copy (an export, an embed snippet), written as text: the card
//! binds the text area's value ([`super::bind::Part::Value`]) and its click listener copies it
//! ([`super::bind::copy_on_click`]).

use super::html::Html;

/// Appends a copy box: the text area `id` (marked `testid`) under `title` with a button that
/// says `copy`.
pub fn copy_box(out: &mut Html, id: &str, title: &str, testid: &str, copy: &str) {
    out.open("div", "class=\"copy-box\"").open("div", "class=\"copy-box-head\"");
    out.start("label").attr("for", id).end_start().text(title).close("label");
    copy_button(out, id, copy);
    out.close("div").start("textarea").attr("id", id).attr("data-testid", testid).attr("readonly", "").attr("rows", "4").attr("spellcheck", "false").end_start();
    out.close("textarea").close("div");
}

/// Appends the Copy button of the field `id`, saying `copy`.
pub fn copy_button(out: &mut Html, id: &str, copy: &str) {
    out.start("button").attr("type", "button").attr("class", "copy").attr("data-copy", id).attr("data-label", copy).end_start();
    out.text(copy).close("button");
}
