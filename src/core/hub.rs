//! A model on the Hugging Face Hub, read by name or link through the Hub's public endpoints.
//!
//! The core never does I/O: [`HubLoad`] says which URL to fetch next (and how much of its start),
//! the caller (`fetch` in the page, an HTTP client in the CLI) fetches it and hands back the status
//! and body, until the model is read. The files go through the same [`read_step`] and [`combine`]
//! as dropped files, so a Hub repo gives exactly what dropping its files gives.
//!
//! Endpoints (documented at <https://huggingface.co/docs/hub/api>):
//! - `GET /api/models/{repo}` (or `/api/models/{repo}/revision/{rev}`): `sha`, `gated`, `private`;
//! - `GET /api/models/{repo}/tree/{rev}?recursive=true`: the files with their sizes (`lfs.size`
//!   for files kept in LFS);
//! - `GET /{repo}/resolve/{rev}/{path}`: a file, with HTTP `Range` for a header.

use std::fmt;

use crate::core::from_json::Value;

use crate::core::estimate::Model;
use crate::core::units::{Bytes, NumberStyle};
use crate::core::import::{combine, read_step, ImportError, Next, Part, Source, FIRST_READ, MAX_JSON_BYTES};

/// The public Hub.
pub const HUB: &str = "https://huggingface.co";

/// The longest id or link read; a Hub link is a few hundred characters.
const MAX_INPUT: usize = 1_000;
/// The Hub's limit on an owner's or a repo's name.
const MAX_NAME: usize = 96;
/// Weight files read without an index before the repo is called too large to read this way.
const MAX_SHARDS_WITHOUT_INDEX: usize = 16;

/// A model repo on the Hub, with the revision and file a link named.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HubRef {
    /// `owner/name`.
    pub repo: String,
    /// A branch, tag or commit (`main` unless the link names one).
    pub revision: String,
    /// A `.gguf` file a `blob`/`resolve` link points at: that quantization is the one read.
    pub file: Option<String>,
}

/// Why text is not a Hub model id or link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HubRefError {
    /// Nothing was typed.
    Empty,
    /// Longer than any Hub link.
    TooLong,
    /// A link to another site.
    OtherHost(String),
    /// A dataset's or a Space's page, not a model's.
    NotAModel,
    /// Not `owner/name` with the Hub's characters (letters, digits, `-`, `_`, `.`).
    BadRepo,
    /// A revision with characters a branch, tag or commit does not have.
    BadRevision,
    /// A file path that climbs out of the repo or has characters files on the Hub do not.
    BadFile,
}

impl fmt::Display for HubRefError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HubRefError::Empty => write!(f, "type a Hugging Face model id, like Qwen/Qwen3-8B"),
            HubRefError::TooLong => write!(f, "that is longer than any Hugging Face link"),
            HubRefError::OtherHost(host) => write!(f, "{host} is not huggingface.co: only Hugging Face model links are read"),
            HubRefError::NotAModel => write!(f, "that is a dataset or a Space, not a model"),
            HubRefError::BadRepo => write!(f, "a model id is owner/name, with letters, digits, '-', '_' and '.'"),
            HubRefError::BadRevision => write!(f, "the link's revision is not a branch, tag or commit name"),
            HubRefError::BadFile => write!(f, "the link's file path is not a file in the repo"),
        }
    }
}

impl std::error::Error for HubRefError {}

/// The Hub's rule for an owner or repo name: letters, digits, `-`, `_`, `.`; no `--` or `..`;
/// no `-` or `.` at either end; at most 96 characters (huggingface_hub `validate_repo_id`).
fn valid_name(name: &str) -> bool {
    let edge = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
    (1..=MAX_NAME).contains(&name.len())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        && !name.contains("--")
        && !name.contains("..")
        && edge(name.chars().next())
        && edge(name.chars().last())
}

/// One path segment of a revision or a file: no `.` or `..`, only characters Hub names use.
fn valid_segment(segment: &str) -> bool {
    !segment.is_empty()
        && segment != "."
        && segment != ".."
        && segment.len() <= 255
        && segment.chars().all(|c| c.is_ascii_alphanumeric() || "-_.+=@".contains(c))
}

/// Does this look like a Hub id or link rather than a catalogue search (`qwen 7`)? A slash and
/// no space: search terms never have both.
pub fn looks_like_hub_ref(text: &str) -> bool {
    let text = text.trim();
    text.contains('/') && !text.contains(char::is_whitespace)
}

/// Reads `Qwen/Qwen3-8B`, `hf.co/Qwen/Qwen3-8B`, or a Hub link: a repo page, `tree/<rev>`, or a
/// `blob`/`resolve` link to one file. A revision with `/` in it is written `%2F` in links.
pub fn parse_hub_ref(text: &str) -> Result<HubRef, HubRefError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(HubRefError::Empty);
    }
    if text.len() > MAX_INPUT {
        return Err(HubRefError::TooLong);
    }
    if text.contains(|c: char| c.is_whitespace() || c.is_control()) {
        return Err(HubRefError::BadRepo);
    }
    let (had_scheme, rest) = match text.split_once("://") {
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("https") || scheme.eq_ignore_ascii_case("http") => (true, rest),
        Some((scheme, _)) => return Err(HubRefError::OtherHost(format!("{scheme}://"))),
        None => (false, text),
    };
    // The query and fragment of a copied link say nothing about the model.
    let rest = rest.split(['?', '#']).next().unwrap_or_default();
    let first = rest.split('/').next().unwrap_or_default().to_ascii_lowercase();
    let is_hub_host = matches!(first.as_str(), "huggingface.co" | "www.huggingface.co" | "hf.co");
    let path = if is_hub_host {
        &rest[first.len()..]
    } else if had_scheme || first.contains(':') || (first.contains('.') && rest.split('/').filter(|s| !s.is_empty()).count() >= 3) {
        // `example.com/a/b` names a site; `Qwen/Qwen2.5-7B` does not (two parts, no dot first).
        return Err(HubRefError::OtherHost(first));
    } else {
        rest
    };
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let segments = match segments.first() {
        Some(&"datasets") | Some(&"spaces") => return Err(HubRefError::NotAModel),
        Some(&"models") => &segments[1..],
        _ => &segments[..],
    };
    let [owner, name, tail @ ..] = segments else { return Err(HubRefError::BadRepo) };
    if !valid_name(owner) || !valid_name(name) {
        return Err(HubRefError::BadRepo);
    }
    let repo = format!("{owner}/{name}");
    let (revision, file) = match tail {
        [] => ("main".to_string(), None),
        [kind, revision, file @ ..] if matches!(*kind, "tree" | "blob" | "resolve") => {
            let revision = parse_revision(revision)?;
            if !file.iter().all(|s| valid_segment(s)) {
                return Err(HubRefError::BadFile);
            }
            let file = (*kind != "tree" && !file.is_empty()).then(|| file.join("/"));
            (revision, file.filter(|f| f.to_ascii_lowercase().ends_with(".gguf")))
        }
        // Other tabs of a repo (discussions, commits): the repo itself.
        _ => ("main".to_string(), None),
    };
    Ok(HubRef { repo, revision, file })
}

/// A branch, tag or commit as a link writes it (`v1.0`, `refs%2Fpr%2F3` or `refs/pr/3`), checked
/// segment by segment like a file path.
pub fn parse_revision(text: &str) -> Result<String, HubRefError> {
    let revision = text.replace("%2F", "/").replace("%2f", "/");
    if revision.len() > 255 || !revision.split('/').all(valid_segment) {
        return Err(HubRefError::BadRevision);
    }
    Ok(revision)
}

impl HubRef {
    /// The revision as one path segment (`refs/pr/1` → `refs%2Fpr%2F1`).
    fn revision_segment(&self) -> String {
        self.revision.replace('/', "%2F")
    }

    /// The repo's page, for people.
    pub fn page_url(&self) -> String {
        match self.revision.as_str() {
            "main" => format!("{HUB}/{}", self.repo),
            _ => format!("{HUB}/{}/tree/{}", self.repo, self.revision_segment()),
        }
    }
}

/// One request to make: `url`, and with `first_bytes` only that many bytes from the file's start
/// (`Range: bytes=0-{first_bytes - 1}`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fetch {
    /// The address.
    pub url: String,
    /// How much of the start to ask for with a `Range` header; `None` for the whole body.
    pub first_bytes: Option<u64>,
}

impl Fetch {
    /// The `Range` header's value, when the request has one.
    pub fn range_header(&self) -> Option<String> {
        self.first_bytes.map(|n| format!("bytes=0-{}", n.saturating_sub(1)))
    }
}

/// Why a Hub repo could not be read; each message says what to do instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HubError {
    /// 401 or 403: the repo is gated or private, and the page does not sign in.
    Gated {
        /// `owner/name`.
        repo: String,
    },
    /// 404: no such repo, revision or file.
    NotFound {
        /// What was asked for.
        what: String,
    },
    /// 429: the Hub asks to slow down.
    RateLimited,
    /// Another HTTP status.
    Status {
        /// The status code.
        code: u16,
        /// What was asked for.
        what: String,
    },
    /// The request did not reach the Hub, or the browser refused its answer (offline, blocked).
    Network {
        /// What the caller's HTTP layer said.
        detail: String,
    },
    /// An answer that is not the JSON the Hub's API documents.
    Malformed {
        /// What was asked for.
        what: String,
    },
    /// No config.json, safetensors or GGUF file in the repo.
    NoModelFiles {
        /// `owner/name`.
        repo: String,
    },
    /// Many weight files and no config.json: too many headers to read one by one.
    TooManyShards {
        /// How many weight files there are.
        files: usize,
    },
    /// A file of the repo could not be read as a model file.
    File(ImportError),
}

impl fmt::Display for HubError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HubError::Gated { repo } => write!(
                f,
                "{repo} is gated or private: the Hub only gives its files to signed-in users who accepted its terms, and this page never signs in. Accept them on {HUB}/{repo}, download config.json (or the .gguf file) and drop it here."
            ),
            HubError::NotFound { what } => write!(f, "{what}: not found on Hugging Face (check the spelling and the revision)"),
            HubError::RateLimited => write!(f, "Hugging Face is limiting requests right now: try again in a minute"),
            HubError::Status { code, what } => write!(f, "{what}: Hugging Face answered HTTP {code}"),
            HubError::Network { detail } => write!(f, "Hugging Face could not be reached ({detail}): check the connection, or drop the files instead"),
            HubError::Malformed { what } => write!(f, "{what}: the answer is not what Hugging Face's API sends"),
            HubError::NoModelFiles { repo } => write!(f, "{repo} has no config.json, .safetensors or .gguf file to read"),
            HubError::TooManyShards { files } => write!(f, "{files} weight files and no config.json: too many headers to read over the network; download the files and drop them here"),
            HubError::File(error) => write!(f, "{error}"),
        }
    }
}

impl std::error::Error for HubError {}

/// A file of the repo and its size in bytes, from the tree listing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RepoFile {
    /// The path in the repo.
    pub path: String,
    /// Its size in bytes.
    pub size: u64,
}

/// One GGUF quantization of a repo: a file, or a split set (`-00001-of-00003.gguf`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quant {
    /// The file name without the split suffix (`Qwen3-8B-Q4_K_M.gguf`).
    pub name: String,
    /// Its files, in split order.
    pub files: Vec<RepoFile>,
    /// Their bytes together: exactly what the weights take on disk.
    pub bytes: u64,
}

impl Quant {
    /// The path of its first file: what names the quant in a link or a choice.
    pub fn path(&self) -> &str {
        self.files.first().map_or("", |f| &f.path)
    }

    /// What a choice of quant shows: `Qwen3-8B-Q4_K_M.gguf — 5.03 GB`.
    pub fn label(&self, style: NumberStyle) -> String {
        format!("{} — {}", self.name, Bytes(self.bytes).to_gb_string(style))
    }
}

/// A repo read: the model, as for dropped files, and what the chip and the choices show.
#[derive(Clone, Debug, PartialEq)]
pub struct HubModel {
    /// The model to estimate.
    pub model: Model,
    /// The files read, as for an import, with the repo and the revision (and commit) read.
    pub source: Source,
    /// The repo's GGUF quantizations (empty for a safetensors repo).
    pub quants: Vec<Quant>,
    /// Which of them was read.
    pub chosen_quant: Option<usize>,
}

/// What to do after handing an answer to [`HubLoad::receive`].
// One value per step; the model is read once.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// Fetch this and call [`HubLoad::receive`] with the answer.
    Fetch(Fetch),
    /// The model is read.
    Done(HubModel),
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Stage {
    Info,
    Tree,
    /// Reading a file whole (JSON) or its start (`Some(bytes asked)`).
    File(RepoFile, Option<u64>),
}

/// Reading one repo, a request at a time (see the module's documentation).
#[derive(Clone, Debug)]
pub struct HubLoad {
    base: String,
    reference: HubRef,
    stage: Stage,
    commit: Option<String>,
    todo: Vec<RepoFile>,
    parts: Vec<(String, Part)>,
    quants: Vec<Quant>,
    chosen_quant: Option<usize>,
}

impl HubLoad {
    /// Starts reading `reference` from `base` (the Hub, or a mirror or test server given as
    /// `scheme://host[:port]`, without a trailing slash), with the first request to make.
    pub fn start(reference: HubRef, base: &str) -> (HubLoad, Fetch) {
        let load = HubLoad {
            base: base.trim_end_matches('/').to_string(),
            reference,
            stage: Stage::Info,
            commit: None,
            todo: Vec::new(),
            parts: Vec::new(),
            quants: Vec::new(),
            chosen_quant: None,
        };
        let fetch = load.info_fetch();
        (load, fetch)
    }

    fn info_fetch(&self) -> Fetch {
        let r = &self.reference;
        let url = match r.revision.as_str() {
            "main" => format!("{}/api/models/{}", self.base, r.repo),
            _ => format!("{}/api/models/{}/revision/{}", self.base, r.repo, r.revision_segment()),
        };
        Fetch { url, first_bytes: None }
    }

    fn file_fetch(&self, file: &RepoFile, first_bytes: Option<u64>) -> Fetch {
        let r = &self.reference;
        Fetch { url: format!("{}/{}/resolve/{}/{}", self.base, r.repo, r.revision_segment(), file.path), first_bytes }
    }

    /// What the current request was for, in messages.
    fn asked_for(&self) -> String {
        match &self.stage {
            Stage::Info | Stage::Tree => self.reference.repo.clone(),
            Stage::File(file, _) => format!("{}/{}", self.reference.repo, file.path),
        }
    }

    /// Takes the answer to the last request (its HTTP status and body) and says what comes next.
    pub fn receive(&mut self, status: u16, body: &[u8]) -> Result<Step, HubError> {
        match status {
            200..=299 => {}
            401 | 403 => return Err(HubError::Gated { repo: self.reference.repo.clone() }),
            404 => return Err(HubError::NotFound { what: self.asked_for() }),
            429 => return Err(HubError::RateLimited),
            code => return Err(HubError::Status { code, what: self.asked_for() }),
        }
        let asked_for = self.asked_for();
        let malformed = || HubError::Malformed { what: asked_for.clone() };
        match std::mem::replace(&mut self.stage, Stage::Tree) {
            Stage::Info => {
                let info: Value = crate::core::from_json::parse(body).map_err(|_| malformed())?;
                let info = info.as_object().ok_or_else(malformed)?;
                // `gated` is false, "auto" or "manual": either way the files need a signed-in user.
                let gated = info.get("gated").is_some_and(|g| g.as_bool() != Some(false) && !g.is_null());
                if gated || info.get("private").and_then(Value::as_bool) == Some(true) {
                    return Err(HubError::Gated { repo: self.reference.repo.clone() });
                }
                self.commit = info.get("sha").and_then(Value::as_str).filter(|s| s.len() <= 64 && s.chars().all(|c| c.is_ascii_hexdigit())).map(str::to_string);
                let r = &self.reference;
                Ok(Step::Fetch(Fetch { url: format!("{}/api/models/{}/tree/{}?recursive=true", self.base, r.repo, r.revision_segment()), first_bytes: None }))
            }
            Stage::Tree => {
                let files = parse_tree(body).ok_or_else(malformed)?;
                self.plan(files)?;
                self.next()
            }
            Stage::File(file, asked) => {
                // A server that ignores `Range` sends the whole file: only the start asked for counts.
                let body = match asked {
                    Some(n) => &body[..body.len().min(n as usize)],
                    None if body.len() as u64 > MAX_JSON_BYTES => return Err(malformed()),
                    None => body,
                };
                // JSON is read whole, so its length is the body's; a header's file is as long as
                // the listing says.
                let length = if asked.is_some() { file.size } else { body.len() as u64 };
                match read_step(&file.path, body, length).map_err(HubError::File)? {
                    Next::Done(part) => {
                        self.parts.push((file.path.clone(), part));
                        self.next()
                    }
                    // A server that sends less than asked would be asked the same again.
                    Next::ReadMore(n) if asked.is_some_and(|asked| n <= asked) => Err(HubError::File(ImportError::Stalled { file: file.path })),
                    Next::ReadMore(n) => {
                        let fetch = self.file_fetch(&file, Some(n));
                        self.stage = Stage::File(file, Some(n));
                        Ok(Step::Fetch(fetch))
                    }
                }
            }
        }
    }

    /// Chooses the files to read from the listing.
    fn plan(&mut self, files: Vec<RepoFile>) -> Result<(), HubError> {
        let lower = |f: &RepoFile| f.path.to_ascii_lowercase();
        let top = |name: &str| files.iter().find(|f| f.path == name).cloned();
        let (mmproj, gguf): (Vec<&RepoFile>, Vec<&RepoFile>) =
            files.iter().filter(|f| lower(f).ends_with(".gguf")).partition(|f| lower(f).contains("mmproj"));
        self.quants = group_quants(&gguf);
        let config = top("config.json");
        let wanted_gguf = self.reference.file.clone();
        if wanted_gguf.is_some() || (config.is_none() && !self.quants.is_empty()) {
            let chosen = match &wanted_gguf {
                Some(path) => self
                    .quants
                    .iter()
                    .position(|q| q.files.iter().any(|f| &f.path == path))
                    .ok_or_else(|| HubError::NotFound { what: format!("{}/{path}", self.reference.repo) })?,
                None => self.quants.iter().position(|q| q.name.to_ascii_uppercase().contains("Q4_K_M")).unwrap_or(0),
            };
            self.chosen_quant = Some(chosen);
            self.todo.extend(self.quants[chosen].files.iter().cloned());
            // The vision projector llama.cpp loads beside the model: F16 when there is a choice.
            let projector = mmproj.iter().find(|f| lower(f).contains("f16")).or(mmproj.first());
            self.todo.extend(projector.map(|f| (*f).clone()));
            return Ok(());
        }
        let weights: Vec<RepoFile> = files.iter().filter(|f| !f.path.contains('/') && lower(f).ends_with(".safetensors")).cloned().collect();
        let index = top("model.safetensors.index.json");
        if config.is_none() && weights.is_empty() {
            return Err(HubError::NoModelFiles { repo: self.reference.repo.clone() });
        }
        // With a config, its index's totals are enough; without one, the headers give the model.
        let with_config = config.is_some();
        self.todo.extend(config);
        match index {
            Some(index) if with_config => self.todo.push(index),
            _ if weights.len() > MAX_SHARDS_WITHOUT_INDEX => return Err(HubError::TooManyShards { files: weights.len() }),
            index => {
                self.todo.extend(index);
                self.todo.extend(weights);
            }
        }
        Ok(())
    }

    /// The next file's request, or the model when every file is read.
    fn next(&mut self) -> Result<Step, HubError> {
        if self.todo.is_empty() {
            let (model, mut source) = combine(&self.parts).map_err(HubError::File)?;
            source.repo = Some(self.reference.repo.clone());
            source.revision = Some(match &self.commit {
                Some(commit) => format!("{}@{commit}", self.reference.revision),
                None => self.reference.revision.clone(),
            });
            return Ok(Step::Done(HubModel {
                model,
                source,
                quants: std::mem::take(&mut self.quants),
                chosen_quant: self.chosen_quant,
            }));
        }
        let file = self.todo.remove(0);
        let json = file.path.to_ascii_lowercase().ends_with(".json");
        if json && file.size > MAX_JSON_BYTES {
            return Err(HubError::File(ImportError::Unrecognised { file: format!("{} ({} bytes is too large for a JSON config or index)", file.path, file.size) }));
        }
        let first_bytes = (!json).then(|| FIRST_READ.min(file.size).max(1));
        let fetch = self.file_fetch(&file, first_bytes);
        self.stage = Stage::File(file, first_bytes);
        Ok(Step::Fetch(fetch))
    }
}

/// The files of a tree listing (`[{"type": "file", "path": …, "size": …, "lfs": {"size": …}}]`);
/// `None` when it is not one.
fn parse_tree(body: &[u8]) -> Option<Vec<RepoFile>> {
    let value: Value = crate::core::from_json::parse(body).ok()?;
    let entries = value.as_array()?;
    let mut files = Vec::new();
    for entry in entries {
        if entry.get("type").and_then(Value::as_str) != Some("file") {
            continue;
        }
        let path = entry.get("path").and_then(Value::as_str)?;
        // A listing is the Hub's, but a path still never climbs out of the repo.
        if !path.split('/').all(valid_segment) {
            continue;
        }
        let size = entry.get("lfs").and_then(|l| l.get("size")).or_else(|| entry.get("size")).and_then(Value::as_u64)?;
        files.push(RepoFile { path: path.to_string(), size });
    }
    Some(files)
}

/// `Q8_0/model-00001-of-00003.gguf` → `model.gguf`: a split set's name; any other file's own.
fn split_name(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = &name[..name.len() - ".gguf".len().min(name.len())];
    // llama.cpp's split naming: `{prefix}-{index:05}-of-{count:05}.gguf` (llama.cpp `llama_split_path`).
    if let Some(at) = stem.len().checked_sub("-00001-of-00003".len()) {
        let suffix = &stem.as_bytes()[at..];
        let digits = |r: std::ops::Range<usize>| suffix[r].iter().all(u8::is_ascii_digit);
        if suffix[0] == b'-' && &suffix[6..10] == b"-of-" && digits(1..6) && digits(10..15) {
            return format!("{}.gguf", &stem[..at]);
        }
    }
    name.to_string()
}

/// The repo's GGUF files as quantizations, split sets together, in listing order (which puts
/// `-00001-of-` before `-00002-of-`).
fn group_quants(gguf: &[&RepoFile]) -> Vec<Quant> {
    let mut quants: Vec<(String, Quant)> = Vec::new();
    for file in gguf {
        let name = split_name(&file.path);
        let folder = file.path.rsplit_once('/').map_or("", |(folder, _)| folder);
        let key = format!("{folder}/{name}");
        match quants.iter_mut().find(|(k, _)| *k == key) {
            Some((_, quant)) => {
                quant.files.push((*file).clone());
                quant.bytes = quant.bytes.saturating_add(file.size);
            }
            None => quants.push((key, Quant { name, files: vec![(*file).clone()], bytes: file.size })),
        }
    }
    // The Hub lists a folder's files sorted by path, so a split set is already in split order.
    quants.into_iter().map(|(_, q)| q).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_sets_are_one_quant() {
        assert_eq!(split_name("Q8_0/Kimi-K2-Q8_0-00002-of-00013.gguf"), "Kimi-K2-Q8_0.gguf");
        assert_eq!(split_name("Qwen3-8B-Q4_K_M.gguf"), "Qwen3-8B-Q4_K_M.gguf");
        assert_eq!(split_name(".gguf"), ".gguf");
        let files = ["Q2_K/K-Q2_K-00001-of-00002.gguf", "Q2_K/K-Q2_K-00002-of-00002.gguf", "K-Q4_K_M.gguf"].map(|path| RepoFile { path: path.into(), size: 10 });
        let quants = group_quants(&files.iter().collect::<Vec<_>>());
        assert_eq!(quants.iter().map(|q| (q.name.as_str(), q.files.len(), q.bytes)).collect::<Vec<_>>(), [("K-Q2_K.gguf", 2, 20), ("K-Q4_K_M.gguf", 1, 10)]);
    }

    #[test]
    fn a_server_that_sends_less_than_asked_ends_the_read_instead_of_looping() {
        let reference = HubRef { repo: "a/b".into(), revision: "main".into(), file: None };
        let (mut load, _) = HubLoad::start(reference, HUB);
        assert!(matches!(load.receive(200, br#"{"sha":"00","gated":false}"#), Ok(Step::Fetch(_))));
        let tree = br#"[{"type":"file","path":"model.safetensors","size":10000000}]"#;
        let Ok(Step::Fetch(first)) = load.receive(200, tree) else { panic!("a header read") };
        assert_eq!(first.range_header().as_deref(), Some("bytes=0-1048575"));
        // A header that says it is 2 MB long, and an answer of 100 bytes, twice.
        let mut short = (2_000_000u64).to_le_bytes().to_vec();
        short.extend_from_slice(&[b'{'; 92]);
        let Ok(Step::Fetch(second)) = load.receive(206, &short) else { panic!("a longer read") };
        assert_eq!(second.first_bytes, Some(2_000_008));
        assert_eq!(load.receive(206, &short), Err(HubError::File(ImportError::Stalled { file: "model.safetensors".into() })));
    }

    #[test]
    fn a_tree_listing_reads_lfs_sizes_and_skips_folders() {
        let body = br#"[{"type":"directory","oid":"a","size":0,"path":"Q8_0"},
            {"type":"file","oid":"b","size":727,"path":"config.json"},
            {"type":"file","oid":"c","size":135,"path":"model.gguf","lfs":{"oid":"d","size":5027783488,"pointerSize":135}},
            {"type":"file","oid":"e","size":1,"path":"../escape.gguf"}]"#;
        let files = parse_tree(body).expect("a listing");
        assert_eq!(files, vec![RepoFile { path: "config.json".into(), size: 727 }, RepoFile { path: "model.gguf".into(), size: 5_027_783_488 }]);
        assert_eq!(parse_tree(b"{\"error\":\"x\"}"), None);
    }
}
