//! Prints the path of the compressed wasm of zg's runtime as real networks run it (6-second blocks), which this
//! package's build script built with the `build` feature (see build.rs), e.g. to put it into a chain spec:
//! `zg-node build-spec --chain dev` gives the development genesis, whose `code` it replaces.

#[cfg(feature = "build")]
#[allow(dead_code)]
mod wasm {
	include!(concat!(env!("OUT_DIR"), "/zg_runtime_network"));
}

fn main() {
	#[cfg(feature = "build")]
	let path = wasm::WASM_BINARY_PATH;
	#[cfg(not(feature = "build"))]
	let path: Option<&str> = None;
	match path {
		Some(path) => println!("{path}"),
		None => {
			eprintln!(
				"zg-runtime-network-wasm: built without its wasm (feature `build` off, or SKIP_WASM_BUILD set); \
				 scripts/bench.sh --only tps6 builds it"
			);
			std::process::exit(1);
		},
	}
}
