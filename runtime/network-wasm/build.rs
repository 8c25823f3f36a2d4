//! With the `build` feature: builds zg-runtime's wasm without `fast-runtime` (6-second blocks, hour-long sessions:
//! what a real network runs) as `zg_runtime_network*.wasm` in the same wasm project as the runtime's own build
//! (`<target>/<profile>/wbuild/zg-runtime`). The features of this build script's package decide the runtime's
//! features in wasm, and this package has none of the runtime's: only the runtime itself is compiled again (its
//! `fast-runtime` is its only difference), every wasm dependency is the one the node's build already compiled, and
//! the runtime the node embeds is left alone (its files have other names; the next build of the node's runtime
//! sets the project's features back).
//!
//! Never in the same cargo run as zg-runtime's own build script: the two would write the one wasm project at once.
//! scripts/bench.sh builds it on its own, after the node: `cargo build --workspace --features
//! zg-runtime-network-wasm/build --bin zg-runtime-network-wasm` with the node's other features, so that cargo
//! resolves every feature as for the node and compiles nothing else.

fn main() {
	#[cfg(feature = "build")]
	{
		let manifest_dir = std::path::PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
		let runtime = manifest_dir.parent().expect("runtime/network-wasm has a parent").join("Cargo.toml");
		substrate_wasm_builder::WasmBuilder::new()
			.with_project(runtime)
			.expect("runtime/Cargo.toml exists")
			.export_heap_base()
			.import_memory()
			.set_file_name("zg_runtime_network")
			.build();
	}
}
