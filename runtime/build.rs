fn main() {
	#[cfg(all(feature = "std", feature = "metadata-hash"))]
	substrate_wasm_builder::WasmBuilder::init_with_defaults()
		.enable_metadata_hash(zg_runtime_token::SYMBOL, zg_runtime_token::DECIMALS)
		.build();

	#[cfg(all(feature = "std", not(feature = "metadata-hash")))]
	substrate_wasm_builder::WasmBuilder::build_using_defaults();
}

#[cfg(all(feature = "std", feature = "metadata-hash"))]
mod zg_runtime_token {
	// Kept in step with `zg_primitives::currency` (build scripts cannot depend on the crate being built).
	pub const SYMBOL: &str = "ZG";
	pub const DECIMALS: u8 = 18;
}
