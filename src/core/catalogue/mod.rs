//! Catalogues: data embedded at build time, each row with its source.

pub mod models;
