//! Catalogues: data embedded at build time, each row with its source.

pub mod gpus;
pub mod models;
