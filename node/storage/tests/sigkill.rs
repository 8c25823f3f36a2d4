//! Crash safety of the blob store under a real SIGKILL: a child process (this test binary, re-run in a "writer"
//! mode) stores shards or uploads chunks and reports each write the store acknowledged on stdout; the parent
//! kills it with SIGKILL in the middle, reopens the store and checks that
//! - every shard whose `put_shard` returned is there, whole and matching its root (it was synced);
//! - no shard record exists without all of its data (each write is one atomic batch), so nothing half-written
//!   is ever served;
//! - an upload interrupted mid-way is consistent (every range it records is there, byte for byte), resumes
//!   where it stands, and finishes with the right root; a finished upload is kept;
//! - an upload written in place (whose chunks skip the write-ahead log and would die with the process in a
//!   memtable) is kept whole once its finish returned, and one caught half way leaves nothing, not even its quota.

use std::{
	io::{BufRead, BufReader},
	path::PathBuf,
	process::{Command, Stdio},
	time::{Duration, Instant},
};

use sp_core::H256;
use zg_node_storage::{blob_store::StoreLimits, BlobStore};
use zg_primitives::storage::{file_root, merkle_root};

const MODE: &str = "ZG_SIGKILL_WRITER";
const DIR: &str = "ZG_SIGKILL_DIR";
const SHARD: usize = 3 * 1024 * 1024 + 4321;
const UPLOAD: usize = 48 * 1024 * 1024;
const PIECE: usize = 256 * 1024;
const IN_PLACE: usize = 5 * 1024 * 1024 + 77;

fn limits() -> StoreLimits {
	StoreLimits { max_upload_bytes: 1 << 32, ..StoreLimits::new(1 << 34) }
}

/// Deterministic bytes of shard `i` / of the upload.
fn bytes(len: usize, seed: u64) -> Vec<u8> {
	let mut x = 0x2545_f491_4f6c_dd1d ^ seed.wrapping_mul(0x9e37_79b9_7f4a_7c15);
	(0..len)
		.map(|_| {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			(x >> 32) as u8
		})
		.collect()
}

fn file_of_root() -> H256 {
	H256::repeat_byte(0x5a)
}

/// The writer: runs until killed.
fn writer(mode: &str, dir: PathBuf) {
	let store = BlobStore::open(&dir, limits()).expect("opens");
	// libtest prints "test writer_mode ... " without a newline first.
	println!();
	match mode {
		"shards" =>
			for i in 0u32.. {
				let data = bytes(SHARD, u64::from(i));
				store.put_shard(&file_of_root(), i, &data, merkle_root(&data)).expect("stores");
				println!("shard {i}");
			},
		"upload" => {
			let data = bytes(UPLOAD, 99);
			let id = store.begin_upload(UPLOAD as u64, None).expect("begins");
			println!("upload {id}");
			for (n, piece) in data.chunks(PIECE).enumerate() {
				let received = store.write_chunk(id, (n * PIECE) as u64, piece).expect("writes");
				println!("received {received}");
			}
			// Slow down, so the kill lands before the end.
			loop {
				std::thread::sleep(Duration::from_secs(1));
			}
		},
		"in-place" =>
			for i in 0u64.. {
				// Smaller than a memtable: unless the store flushes before it records a file, its chunks are
				// still only in this process's memory when the kill comes.
				let data = bytes(IN_PLACE, 1000 + i);
				let id = store.begin_upload_into(IN_PLACE as u64, None, file_root(&data)).expect("begins");
				for (n, piece) in data.chunks(PIECE).enumerate() {
					store.write_chunk(id, (n * PIECE) as u64, piece).expect("writes");
				}
				store.finish_upload(id, file_root(&data)).expect("finishes");
				println!("finished {i}");
			},
		other => panic!("unknown mode {other}"),
	}
}

/// Starts the writer in `mode`, waits for `lines` acknowledgements, SIGKILLs it; returns its lines.
fn run_and_kill(mode: &str, dir: &PathBuf, lines: usize) -> Vec<String> {
	let mut child = Command::new(std::env::current_exe().expect("test binary"))
		.args(["--exact", "writer_mode", "--nocapture", "--test-threads=1"])
		.env(MODE, mode)
		.env(DIR, dir)
		.stdout(Stdio::piped())
		.stderr(Stdio::null())
		.spawn()
		.expect("spawns");
	let stdout = child.stdout.take().expect("piped");
	let mut seen = Vec::new();
	let deadline = Instant::now() + Duration::from_secs(300);
	for line in BufReader::new(stdout).lines() {
		let line = line.expect("reads");
		if ["shard ", "upload ", "received ", "finished "].iter().any(|p| line.starts_with(p)) {
			seen.push(line);
		}
		if seen.len() >= lines || Instant::now() > deadline {
			break;
		}
	}
	// SAFETY-free: kill(2) through the shell's kill, so no libc dependency is needed.
	let status = Command::new("kill").args(["-9", &child.id().to_string()]).status().expect("kill runs");
	assert!(status.success());
	let exit = child.wait().expect("reaped");
	assert!(!exit.success(), "the writer was killed, not finished: {exit:?}");
	seen
}

fn temp_dir(name: &str) -> PathBuf {
	let dir = std::env::temp_dir().join(format!("zg-sigkill-{name}-{}", std::process::id()));
	let _ = std::fs::remove_dir_all(&dir);
	dir
}

/// Not a test of its own: the body of the child process.
#[test]
fn writer_mode() {
	if let (Ok(mode), Ok(dir)) = (std::env::var(MODE), std::env::var(DIR)) {
		writer(&mode, PathBuf::from(dir));
	}
}

#[test]
fn sigkill_during_shard_stores_loses_no_acknowledged_shard_and_serves_no_partial_one() {
	let dir = temp_dir("shards");
	let acked = run_and_kill("shards", &dir, 12);
	let acked: Vec<u32> = acked.iter().filter_map(|l| l.strip_prefix("shard ")?.parse().ok()).collect();
	assert!(acked.len() >= 12);
	let store = BlobStore::open(&dir, limits()).expect("reopens after SIGKILL");
	let held = store.shards_of(&file_of_root()).expect("lists");
	for i in &acked {
		assert!(held.contains(i), "acknowledged shard {i} survived");
	}
	// Every shard the store has — acknowledged or caught mid-write — is whole and matches its root.
	let mut used = 0;
	for i in &held {
		let record = store.shard_record(&file_of_root(), *i).expect("reads").expect("held");
		let data = store.shard(&file_of_root(), *i).expect("reads whole").expect("held");
		assert_eq!(data.len() as u64, record.len);
		assert_eq!(merkle_root(&data), record.root, "shard {i} is whole");
		assert_eq!(data, bytes(SHARD, u64::from(*i)));
		used += record.len;
	}
	assert_eq!(store.used(), used, "the counters agree with what is held");
	let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn sigkill_during_an_upload_leaves_it_consistent_and_resumable() {
	let dir = temp_dir("upload");
	let lines = run_and_kill("upload", &dir, 40);
	let id: u64 = lines[0].strip_prefix("upload ").and_then(|s| s.parse().ok()).expect("an upload id");
	let data = bytes(UPLOAD, 99);
	let store = BlobStore::open(&dir, limits()).expect("reopens after SIGKILL");
	assert_eq!(store.staged(), UPLOAD as u64, "the reservation survived");
	let acknowledged: u64 = lines.iter().filter_map(|l| l.strip_prefix("received ")?.parse().ok()).max().expect("some");
	let kept = store.write_chunk(id, 0, &[]).expect("the upload is still known");
	assert!(kept >= acknowledged, "{kept} bytes kept, {acknowledged} acknowledged before the kill");
	// Resume: resend every piece (what the store has is rewritten with the same bytes), then finish.
	let mut received = 0;
	for (n, piece) in data.chunks(PIECE).enumerate() {
		received = store.write_chunk(id, (n * PIECE) as u64, piece).expect("the upload resumes");
	}
	assert_eq!(received, UPLOAD as u64);
	let root = file_root(&data);
	assert_eq!(store.finish_upload(id, root).expect("finishes"), UPLOAD as u64);
	assert_eq!(store.read_file(&root).expect("reads").expect("kept"), data);
	drop(store);
	// A finished upload is on disk: kept across another crash-free reopen.
	let store = BlobStore::open(&dir, limits()).expect("reopens");
	assert_eq!(store.file_size(&root).expect("reads"), Some(UPLOAD as u64));
	let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn sigkill_during_uploads_in_place_keeps_every_finished_one_and_nothing_else() {
	let dir = temp_dir("in-place");
	let lines = run_and_kill("in-place", &dir, 6);
	let finished: Vec<u64> = lines.iter().filter_map(|l| l.strip_prefix("finished ")?.parse().ok()).collect();
	assert!(finished.len() >= 6);
	let store = BlobStore::open(&dir, limits()).expect("reopens after SIGKILL");
	for i in &finished {
		let data = bytes(IN_PLACE, 1000 + i);
		assert_eq!(store.read_file(&file_root(&data)).expect("reads"), Some(data), "finished upload {i} is whole");
	}
	// The one the kill caught (if any) is gone, and with it its reservation; a later one was never begun.
	let next = bytes(IN_PLACE, 1000 + finished.len() as u64);
	assert_eq!(store.file_size(&file_root(&next)).expect("reads"), None);
	assert_eq!(store.staged(), 0, "no upload in progress survives");
	assert_eq!(store.used(), finished.len() as u64 * IN_PLACE as u64, "the counters agree with what is held");
	let id = store.begin_upload_into(IN_PLACE as u64, None, file_root(&next)).expect("begins again");
	for (n, piece) in next.chunks(PIECE).enumerate() {
		store.write_chunk(id, (n * PIECE) as u64, piece).expect("writes");
	}
	assert_eq!(store.finish_upload(id, file_root(&next)).expect("finishes"), IN_PLACE as u64);
	let _ = std::fs::remove_dir_all(&dir);
}
