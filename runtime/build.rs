fn main() {
	#[cfg(all(feature = "std", feature = "metadata-hash"))]
	named(substrate_wasm_builder::WasmBuilder::init_with_defaults())
		.enable_metadata_hash(zg_runtime_token::SYMBOL, zg_runtime_token::DECIMALS)
		.build();

	#[cfg(all(feature = "std", not(feature = "metadata-hash")))]
	named(substrate_wasm_builder::WasmBuilder::init_with_defaults()).build();
}

/// The release being prepared (`next-release`, scripts/build-runtime.sh --next) is built into the same wasm project
/// as the current one, so its wasm dependencies are compiled once for both; its own name (the wasm file, and the
/// file `src/lib.rs` includes) keeps it from replacing the runtime the node embeds.
#[cfg(feature = "std")]
fn named(builder: substrate_wasm_builder::WasmBuilder) -> substrate_wasm_builder::WasmBuilder {
	if cfg!(feature = "next-release") {
		builder.set_file_name("zg_runtime_next")
	} else {
		builder
	}
}

#[cfg(all(feature = "std", feature = "metadata-hash"))]
mod zg_runtime_token {
	// Kept in step with `zg_primitives::currency` (build scripts cannot depend on the crate being built).
	pub const SYMBOL: &str = "ZG";
	pub const DECIMALS: u8 = 18;
}
