//! Model file headers, read from byte slices the caller supplies (File.slice in the page,
//! std::fs in the CLI). Nothing here does I/O.

pub mod gguf;
pub mod safetensors;
