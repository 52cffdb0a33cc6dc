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

/// One model and settings on 1, 2, … GPUs, each count estimated once: the estimate does not
/// depend on which GPU it runs on, so a table of every catalogue GPU asks the same few counts
/// (71 GPUs took 200-odd estimates for a handful of distinct ones).
pub struct GpuCounts<'a> {
    model: &'a Model,
    settings: &'a Settings,
    /// Per-GPU totals worked out so far, by GPU count.
    known: Vec<(u64, Bytes)>,
    /// The total on one GPU without any parallelism.
    alone: Option<Bytes>,
    /// What each GPU needs when placed on a count of them (`fit::on_gpus`), by that count.
    placed: Vec<(u64, Bytes)>,
}

impl<'a> GpuCounts<'a> {
    pub fn new(model: &'a Model, settings: &'a Settings) -> GpuCounts<'a> {
        GpuCounts { model, settings, known: Vec::new(), alone: None, placed: Vec::new() }
    }

    /// The settings these counts are for.
    pub fn settings(&self) -> &'a Settings {
        self.settings
    }

    /// What each of `n` GPUs needs: tensor-parallel over `n` for inference, `n` data-parallel
    /// GPUs for training.
    pub fn per_gpu(&mut self, n: u64) -> Result<Bytes, EstimateError> {
        if let Some(&(_, bytes)) = self.known.iter().find(|(count, _)| *count == n) {
            return Ok(bytes);
        }
        let trial = if self.settings.mode == crate::core::estimate::Mode::Inference {
            Settings { tensor_parallel: n, pipeline_parallel: 1, ..self.settings.clone() }
        } else {
            Settings { gpus: n, ..self.settings.clone() }
        };
        let bytes = estimate(self.model, &trial)?.total_bytes;
        self.known.push((n, bytes));
        Ok(bytes)
    }

    /// What each of `count` GPUs needs with the settings placed on them by `fit::on_gpus`.
    pub fn placed(&mut self, count: u64) -> Result<Bytes, EstimateError> {
        if let Some(&(_, bytes)) = self.placed.iter().find(|(n, _)| *n == count) {
            return Ok(bytes);
        }
        let bytes = estimate(self.model, &crate::core::fit::on_gpus(self.settings, count))?.total_bytes;
        self.placed.push((count, bytes));
        Ok(bytes)
    }

    /// The fewest GPUs of `gpu_memory` each (at most `max_gpus`): tensor-parallel for inference,
    /// data-parallel under the settings' ZeRO stage for training. Scanned one by one because the
    /// per-GPU figure is not monotone (tensor parallelism adds ~2 GiB of buffers from 2 GPUs on),
    /// starting at ⌈total on one GPU ÷ memory⌉: per-GPU memory never falls faster than 1/n, so no
    /// smaller count can fit.
    pub fn min_gpus(&mut self, gpu_memory: Bytes, max_gpus: u64) -> Result<Option<u64>, EstimateError> {
        let alone = match self.alone {
            Some(bytes) => bytes,
            None => {
                let one = Settings { tensor_parallel: 1, pipeline_parallel: 1, gpus: 1, ..self.settings.clone() };
                *self.alone.insert(estimate(self.model, &one)?.total_bytes)
            }
        };
        let lower_bound = alone.0.div_ceil(gpu_memory.0.max(1)).max(1);
        for n in lower_bound..=max_gpus {
            if self.per_gpu(n)? <= gpu_memory {
                return Ok(Some(n));
            }
        }
        Ok(None)
    }
}

/// The default ladder from 16-bit down to 2-bit.
pub fn default_ladder() -> Vec<WeightFormat> {
    ["bf16", "q8_0", "fp8", "q6_k", "q5_k_m", "q4_k_m", "awq", "nf4", "q4_0", "q3_k_m", "q2_k", "iq2_xxs"]
        .iter()
        .filter_map(|name| WeightFormat::from_name(name).ok())
        .collect()
}
