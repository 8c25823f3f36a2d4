//! # zg compute jobs, run off chain
//!
//! The work behind the job kinds the chain ships, shared by the compute worker (which runs jobs and proves them),
//! the setup tool (which makes the Groth16 keys) and tests. Everything here is deterministic, integer arithmetic
//! only, so that any two machines — a GPU provider and the CPU of a provider re-executing it in a dispute —
//! compute the same bytes.
//!
//! - [`model`]: the digits classifier, a quantized two-layer MLP (64 → 32 → 10, int8 weights), its byte format and
//!   commitment, and its integer forward pass.
//! - [`data`]: a deterministic dataset of 8×8 digit images (glyphs drawn at random offsets, intensities and with
//!   noise), in the same 0..=16 range as the UCI digits set.
//! - [`train`]: fixed-point SGD of the MLP (attested training jobs; and how the shipped model was made).
//! - [`circuit`]: the R1CS circuit proving `class = argmax(MLP(model, input))` for the committed model, with the
//!   chain's public inputs (job, input, model commitment, output).
//! - [`keys`]: Groth16 setup (a deterministic dev setup, not for production) and proving.
//! - [`matmul`]: deterministic integer matrix multiplication (the attested GPU kind's CPU reference); [`cuda`]:
//!   the same on a GPU through the CUDA driver loaded at run time.
//! - [`ngram`]: the built-in inference model (a byte-level n-gram language model trained from zg's README), for
//!   dev chains and tests of metered inference: tokens are bytes, so the chain can check token counts.
//! - [`gateway`]: the inference gateway's request logic — OpenAI-style requests, the prompt a chat renders to,
//!   vouchers and whether one pays for a request.
//! - [`worker`] and [`http`]: the compute worker (`zg-compute-worker`), which runs jobs for a provider node's
//!   off-chain worker over localhost HTTP.

pub mod circuit;
pub mod cuda;
pub mod data;
pub mod gateway;
pub mod http;
pub mod keys;
pub mod matmul;
pub mod model;
pub mod ngram;
pub mod train;
pub mod worker;

#[cfg(test)]
mod tests;
