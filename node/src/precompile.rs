//! `zg-node precompile-runtime`: compiles a runtime into wasmtime's on-disk cache (`--wasmtime-cache`) ahead of
//! the moment a node needs it.
//!
//! A node compiles each runtime it executes to native code once (seconds in a release build, tens of seconds in a
//! debug one or on a loaded machine). After a runtime upgrade is enacted, every validator compiles the new code at
//! the same time, just when it must author and import the first blocks on it; with a cold cache that delays those
//! blocks and finality. An operator who precompiles the code a referendum will set (the file whose hash was noted)
//! into the directory the node is started with finds it there when the upgrade comes: the node loads the compiled
//! module instead of compiling. The same holds for starting many nodes of one runtime on one machine.
//!
//! The module is compiled by the executor the node itself builds from the same flags (`--wasm-execution`,
//! `--wasmtime-instantiation-strategy`, `--default-heap-pages`), so its cache entry is the one the node looks up:
//! wasmtime keys entries by the prepared module's bytes and the compiler's settings (and, for a debug build of the
//! node, by the binary's modification time: a rebuilt debug node compiles again).

use std::{path::PathBuf, time::Instant};

use sc_cli::{CliConfiguration, ImportParams, SharedParams};
use sp_core::traits::{RuntimeCode, WrappedRuntimeCode};

/// Compile a runtime into wasmtime's cache (`--wasmtime-cache DIR`, required) so that nodes started with the same
/// directory and execution flags load it instead of compiling it: before a runtime upgrade is enacted (the file
/// the referendum sets), or before starting many nodes of one runtime on this machine (no FILE: the runtime this
/// node carries, which its `dev` and `local` chains start with).
#[derive(Debug, Clone, clap::Parser)]
pub struct PrecompileRuntimeCmd {
	/// The runtime's wasm code, compressed (`*.compact.compressed.wasm`, as proposed on chain) or not. Without it,
	/// the runtime built into this node.
	#[arg(value_name = "FILE")]
	pub file: Option<PathBuf>,

	#[allow(missing_docs)]
	#[clap(flatten)]
	pub shared_params: SharedParams,

	#[allow(missing_docs)]
	#[clap(flatten)]
	pub import_params: ImportParams,
}

impl CliConfiguration for PrecompileRuntimeCmd {
	fn shared_params(&self) -> &SharedParams {
		&self.shared_params
	}

	fn import_params(&self) -> Option<&ImportParams> {
		Some(&self.import_params)
	}
}

/// What [`PrecompileRuntimeCmd::run`] compiled.
#[derive(Debug)]
pub struct Precompiled {
	/// The runtime's name and version, read from the compiled module.
	pub spec_name: String,
	/// See `spec_name`.
	pub spec_version: u32,
	/// blake2-256 of the code as given: for the file proposed on chain, the hash the referendum authorizes.
	pub code_hash: [u8; 32],
	/// Seconds taken: compiling, or loading from the cache when it was there already.
	pub secs: f64,
}

impl PrecompileRuntimeCmd {
	/// The code to compile: the file, or this node's own runtime.
	fn code(&self) -> Result<std::borrow::Cow<'static, [u8]>, String> {
		match &self.file {
			Some(file) => std::fs::read(file)
				.map(Into::into)
				.map_err(|e| format!("cannot read the runtime {}: {e}", file.display())),
			None => zg_runtime::WASM_BINARY
				.map(Into::into)
				.ok_or_else(|| "this zg-node was built without its runtime's wasm (SKIP_WASM_BUILD): give a FILE".into()),
		}
	}

	/// Compiles the runtime with `config`'s executor settings into the cache directory `cache`
	/// (`--wasmtime-cache`), and reads its version from the compiled module.
	pub fn run(&self, config: &sc_service::Configuration, cache: Option<&PathBuf>) -> Result<Precompiled, String> {
		let Some(cache) = cache else {
			return Err("give --wasmtime-cache DIR: the directory the nodes that will run this runtime are started with".into());
		};
		let code = self.code()?;
		let code_hash = sp_io::hashing::blake2_256(&code);
		let started = Instant::now();
		let executor = crate::service::wasm_executor(config, Some(cache));
		let fetcher = WrappedRuntimeCode(code);
		// No `:heappages` in the state, as on zg's chains: the executor's default heap, as the node uses it.
		let runtime = RuntimeCode { code_fetcher: &fetcher, heap_pages: None, hash: code_hash.to_vec() };
		let mut state = sp_io::TestExternalities::default();
		let version = sc_executor::RuntimeVersionOf::runtime_version(&executor, &mut state.ext(), &runtime)
			.map_err(|e| format!("the runtime did not compile or has no version: {e}"))?;
		Ok(Precompiled {
			spec_name: version.spec_name.to_string(),
			spec_version: version.spec_version,
			code_hash,
			secs: started.elapsed().as_secs_f64(),
		})
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use clap::Parser;

	/// The files wasmtime's cache holds under `dir` (compiled modules, not its statistics files `*.stats`), each
	/// with its inode and modification time: a module compiled again is written anew (a new file renamed over the
	/// old one), one loaded from the cache is left as it is.
	fn modules(dir: &std::path::Path) -> Vec<(PathBuf, u64, std::time::SystemTime)> {
		use std::os::unix::fs::MetadataExt;
		let mut found = Vec::new();
		let mut dirs = vec![dir.to_path_buf()];
		while let Some(dir) = dirs.pop() {
			for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
				let path = entry.path();
				if path.is_dir() {
					dirs.push(path);
				} else if path.extension().is_none() && !path.file_name().unwrap().to_string_lossy().starts_with('.') {
					let meta = std::fs::metadata(&path).unwrap();
					found.push((path, meta.ino(), meta.modified().unwrap()));
				}
			}
		}
		found.sort();
		found
	}

	/// The node's own runtime is compiled into the directory once; a second run (a new executor, as a node
	/// starting) finds the same entry and writes no other; without a directory the command refuses to run, and a
	/// file that is no runtime, or none at all, gets an error, not a panic.
	#[test]
	fn the_runtime_is_compiled_into_the_cache_once_and_bad_input_is_refused() {
		if zg_runtime::WASM_BINARY.is_none() {
			eprintln!("skipped: built with SKIP_WASM_BUILD");
			return;
		}
		let dir = std::env::temp_dir().join(format!("zg-precompile-test-{}", std::process::id()));
		let _ = std::fs::remove_dir_all(&dir);
		let cache = dir.join("wasmtime");
		let base = dir.join("base");
		let cmd = PrecompileRuntimeCmd::try_parse_from(["precompile-runtime", "--dev", "--base-path", base.to_str().unwrap()])
			.unwrap();
		let tokio = tokio::runtime::Builder::new_current_thread().build().unwrap();
		let cli = crate::cli::Cli::try_parse_from(["zg-node", "--dev"]).unwrap();
		let config = cmd.create_configuration(&cli, tokio.handle().clone()).unwrap();

		assert!(cmd.run(&config, None).unwrap_err().contains("--wasmtime-cache"));
		let first = cmd.run(&config, Some(&cache)).unwrap();
		assert_eq!(first.spec_name, zg_runtime::VERSION.spec_name.to_string());
		assert_eq!(first.spec_version, zg_runtime::VERSION.spec_version);
		let compiled = modules(&cache);
		assert_eq!(compiled.len(), 1, "one compiled module: {compiled:?}");
		let second = cmd.run(&config, Some(&cache)).unwrap();
		assert_eq!(second.code_hash, first.code_hash);
		assert_eq!(modules(&cache), compiled, "the second run loaded the entry the first wrote, and wrote none");

		let junk = dir.join("junk.wasm");
		std::fs::write(&junk, b"\0asm, but no module").unwrap();
		let bad = PrecompileRuntimeCmd::try_parse_from(["precompile-runtime", "--dev", junk.to_str().unwrap()]).unwrap();
		assert!(bad.run(&config, Some(&cache)).unwrap_err().contains("did not compile"));
		let missing = PrecompileRuntimeCmd::try_parse_from(["precompile-runtime", "/nonexistent/zg.wasm"]).unwrap();
		assert!(missing.run(&config, Some(&cache)).unwrap_err().contains("cannot read"));
		let _ = std::fs::remove_dir_all(&dir);
	}
}
