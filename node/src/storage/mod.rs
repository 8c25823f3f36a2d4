//! The node side of the storage network.
//!
//! - [`blob_store`]: a RocksDB database of its own (`<base path>/chains/<chain id>/zg-blobs`, see [`blob_path`])
//!   holding complete files, erasure-coded shards and uploads in progress, crash-safe and size-limited.
//! - [`protocol`]: the request-response protocol `/zg/<genesis hash>/storage/1` over which nodes fetch ranges of
//!   shards and files from each other, and the server that answers it from the blob store.
//! - [`service`]: [`StorageService`], which the runtime's off-chain worker reaches through the storage host
//!   functions (`BlobHost`: encode, fetch or rebuild shards, prove sectors) and the `zgStorage` RPC through
//!   `StorageBackend` (upload, download with rebuilding from any k shards).
//! - [`reclaim`]: frees the space of shards held elsewhere and of files gone from the chain, every few finalized
//!   blocks.
//!
//! Wiring, in the node's service: open the [`BlobStore`], add the protocol's [`protocol::config`] to the network
//! configuration before the network is built, spawn [`protocol::serve`] with the store and the receiver, then
//! build the [`StorageService`] with the network service, the local peer id, [`protocol::protocol_name`] and a
//! [`spawner`], and register it as the `BlobHostExt` extension and the RPC backend; spawn [`reclaim::run`].

pub mod blob_store;
pub mod protocol;
pub mod reclaim;
pub mod service;

use std::path::PathBuf;

pub use blob_store::BlobStore;
pub use service::{spawner, StorageService};

/// Where the node keeps its blob store: `<base path>/chains/<chain id>/zg-blobs`.
pub fn blob_path(config: &sc_service::Configuration) -> PathBuf {
	config.base_path.config_dir(config.chain_spec.id()).join("zg-blobs")
}
