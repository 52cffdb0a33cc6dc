//! Solvers: the questions asked backwards. Each returns a value that fits while the next step
//! up does not, so "fits" is always a statement about the returned value itself.

use crate::core::estimate::{estimate, EstimateError, Model, Settings, MAX_BATCH, MAX_CONTEXT};
use crate::core::quant::WeightFormat;
use crate::core::units::{Bytes, Tokens};

/// True when the estimate for these settings fits in `budget` bytes (per GPU).
pub fn fits(model: &Model, settings: &Settings, budget: Bytes) -> Result<bool, EstimateError> {
    Ok(estimate(model, settings)?.total_bytes <= budget)
}

/// The largest `x` in `1..=max` with `fits(x)`, for a `fits` that is true up to some point and
/// false after it; `None` when even 1 does not fit. Binary search: about log₂(max) estimates.
pub fn largest(max: u64, mut fits: impl FnMut(u64) -> Result<bool, EstimateError>) -> Result<Option<u64>, EstimateError> {
    if !fits(1)? {
        return Ok(None);
    }
    let (mut good, mut bad) = (1u64, max + 1);
    while bad - good > 1 {
        let mid = good + (bad - good) / 2;
        if fits(mid)? {
            good = mid;
        } else {
            bad = mid;
        }
    }
    Ok(Some(good))
}

/// The longest context (tokens per sequence) that fits in `budget`.
pub fn max_context(model: &Model, settings: &Settings, budget: Bytes) -> Result<Option<Tokens>, EstimateError> {
    let found = largest(MAX_CONTEXT, |context| {
        fits(model, &Settings { context: Tokens(context), ..settings.clone() }, budget)
    })?;
    Ok(found.map(Tokens))
}

/// The largest batch at the settings' context that fits in `budget`.
pub fn max_batch(model: &Model, settings: &Settings, budget: Bytes) -> Result<Option<u64>, EstimateError> {
    largest(MAX_BATCH, |batch| fits(model, &Settings { batch, ..settings.clone() }, budget))
}

/// The fewest GPUs of `gpu_memory` each (at most `max_gpus`): tensor-parallel for inference,
/// data-parallel under the settings' ZeRO stage for training. Scanned one by one because the
/// per-GPU figure is not monotone (tensor parallelism adds ~2 GiB of buffers from 2 GPUs on),
/// starting at ⌈total on one GPU ÷ memory⌉: per-GPU memory never falls faster than 1/n, so no
/// smaller count can fit.
pub fn min_gpus(model: &Model, settings: &Settings, gpu_memory: Bytes, max_gpus: u64) -> Result<Option<u64>, EstimateError> {
    let one = Settings { tensor_parallel: 1, pipeline_parallel: 1, gpus: 1, ..settings.clone() };
    let total_on_one = estimate(model, &one)?.total_bytes.0;
    let lower_bound = total_on_one.div_ceil(gpu_memory.0.max(1)).max(1);
    for n in lower_bound..=max_gpus {
        let trial = if settings.mode == crate::core::estimate::Mode::Inference {
            Settings { tensor_parallel: n, pipeline_parallel: 1, ..settings.clone() }
        } else {
            Settings { gpus: n, ..settings.clone() }
        };
        if fits(model, &trial, gpu_memory)? {
            return Ok(Some(n));
        }
    }
    Ok(None)
}

/// The default ladder from 16-bit down to 2-bit.
pub fn default_ladder() -> Vec<WeightFormat> {
    ["bf16", "q8_0", "fp8", "q6_k", "q5_k_m", "q4_k_m", "awq", "nf4", "q4_0", "q3_k_m", "q2_k", "iq2_xxs"]
        .iter()
        .filter_map(|name| WeightFormat::from_name(name).ok())
        .collect()
}
