//! Languages and every message the page shows. The messages live in data files,
//! `src/core/i18n/{en,tr}.json`; build.rs turns them into [`Key`] and one table per language and
//! refuses to build when a language misses a key or a placeholder. A typed table costs the page
//! only its strings (a runtime i18n crate would add its parser and its own formatting).

use crate::core::units::NumberStyle;

include!(concat!(env!("OUT_DIR"), "/i18n.rs"));

/// A language the page is written in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    En,
    Tr,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Tr];

    /// The code used in links (`?lang=tr`) and in `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Tr => "tr",
        }
    }

    /// A language from a code or a browser language tag: `tr`, `TR`, `tr-TR` → Turkish.
    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code.trim().split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| l.code() == primary)
    }

    /// How the language writes numbers: Turkish `1.234,5`, English `1,234.5`.
    pub fn style(self) -> NumberStyle {
        match self {
            Lang::En => NumberStyle::Point,
            Lang::Tr => NumberStyle::Comma,
        }
    }

    /// The language whose numbers are written in `style` (each style has one language).
    pub fn of(style: NumberStyle) -> Lang {
        match style {
            NumberStyle::Point => Lang::En,
            NumberStyle::Comma => Lang::Tr,
        }
    }

    /// The language's name, in itself.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => self.text(Key::LangNameEn),
            Lang::Tr => self.text(Key::LangNameTr),
        }
    }

    /// The message for `key`.
    pub fn text(self, key: Key) -> &'static str {
        let (text, starts) = &TABLES[self as usize];
        let at = key as usize;
        // build.rs cut the offsets at message boundaries; `get` keeps this free of panics anyway.
        text.get(usize::from(starts[at])..usize::from(starts[at + 1])).unwrap_or_default()
    }

    /// The message for `key` with `{0}`, `{1}`, … replaced by `args`.
    pub fn fill(self, key: Key, args: &[&str]) -> String {
        let mut out = String::new();
        let mut rest = self.text(key);
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let index = after.find('}').and_then(|close| after[..close].parse::<usize>().ok().map(|i| (close, i)));
            match index {
                Some((close, i)) => {
                    out.push_str(args.get(i).copied().unwrap_or_default());
                    rest = &after[close + 1..];
                }
                None => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_browser_tags() {
        let cases = [("tr", Some(Lang::Tr)), ("tr-TR", Some(Lang::Tr)), ("TR", Some(Lang::Tr)), ("en-GB", Some(Lang::En)), ("en", Some(Lang::En)), ("de", None), ("", None), ("<script>", None)];
        for (code, lang) in cases {
            assert_eq!(Lang::from_code(code), lang, "{code}");
        }
        for lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
            assert_eq!(Lang::of(lang.style()), lang);
        }
    }

    #[test]
    fn placeholders_are_filled_in_each_language_order() {
        assert_eq!(Lang::En.fill(Key::BatchAt, &["4", "8,192"]), "4 at 8,192 tokens");
        assert_eq!(Lang::Tr.fill(Key::BatchAt, &["4", "8.192"]), "8.192 tokenda 4");
        assert_eq!(Lang::En.fill(Key::NumberErrorMissingUnit, &["7"]), "7 parameters? Add a unit: 7B (billion) or 7M (million).");
        // Braces that are not placeholders stay, and missing arguments leave nothing behind.
        assert_eq!(Lang::En.fill(Key::Title, &[]), Lang::En.text(Key::Title));
        assert_eq!(Lang::En.fill(Key::NTokens, &[]), " tokens");
    }

    #[test]
    fn turkish_is_translated_not_copied() {
        // Names (GPU, Model, LoRA, Format) may be the same in both; most messages must differ.
        let keys = [Key::Title, Key::RuleHeading, Key::ExplainHeading, Key::VerdictFits, Key::CopyLink, Key::ComponentKvCache, Key::Footer];
        for key in keys {
            assert_ne!(Lang::En.text(key), Lang::Tr.text(key), "{key:?}");
        }
    }
}
