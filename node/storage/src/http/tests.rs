//! The endpoint over the real service and blob store, driven by a client that writes HTTP/1.1 by hand, so that
//! malformed and hostile requests (short bodies, stalls, lies about the size) can be sent as well.

use super::*;
use crate::{
	blob_store::tests::{data, open_all, TempDir},
	service::Spawner,
	testing::FakeNetwork,
	BlobStore, StorageService,
};
use parking_lot::Mutex;
use sc_network::PeerId;
use std::{collections::HashMap, net::SocketAddr};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use zg_primitives::storage::{file_root, ErasureParams};

/// The chain: files by root, the size limit, and the erasure code of a file submitted now if the node may encode
/// it.
struct Chain {
	max: u64,
	files: Mutex<HashMap<H256, FileLayout>>,
	code: Mutex<Option<ErasureParams>>,
}

impl FileDirectory for Chain {
	fn max_file_size(&self) -> Result<u64, StorageError> {
		Ok(self.max)
	}
	fn layout(&self, root: H256) -> Result<Option<FileLayout>, StorageError> {
		Ok(self.files.lock().get(&root).cloned())
	}
	fn receipt(&self, root: H256, size: u64) -> serde_json::Value {
		serde_json::json!({ "root": format!("{root:?}"), "size": size })
	}
	fn erasure_params(&self) -> Option<ErasureParams> {
		*self.code.lock()
	}
}

struct Node {
	addr: SocketAddr,
	store: Arc<BlobStore>,
	chain: Arc<Chain>,
	_dir: TempDir,
}

impl Node {
	/// The chain learns of a file (as `submit_file` would record it; no shards are known yet).
	fn on_chain(&self, root: H256, size: u64) {
		let layout = FileLayout {
			root,
			size,
			params: ErasureParams { data_shards: 4, parity_shards: 2 },
			encoder_peer: None,
			shards: Vec::new(),
		};
		self.chain.files.lock().insert(root, layout);
	}
}

async fn node(limits: HttpLimits) -> Node {
	node_on(limits, Arc::new(FakeNetwork::default())).await
}

/// [`node`] with peers.
async fn node_on(limits: HttpLimits, network: Arc<FakeNetwork>) -> Node {
	let dir = TempDir::new();
	let store = Arc::new(open_all(&dir, 1 << 30));
	let spawner: Spawner = Arc::new(|_, task| {
		tokio::spawn(task);
	});
	let service = Arc::new(StorageService::new(store.clone(), network, PeerId::random(), "/test".into(), spawner));
	let chain = Arc::new(Chain { max: 64 << 20, files: Mutex::new(HashMap::new()), code: Mutex::new(None) });
	let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
	let addr = listener.local_addr().unwrap();
	tokio::spawn(serve(listener, service, chain.clone(), limits));
	Node { addr, store, chain, _dir: dir }
}

/// An answer: status, headers (names in lower case), body.
#[derive(Debug)]
struct Answer {
	status: u16,
	headers: HashMap<String, String>,
	body: Vec<u8>,
}

impl Answer {
	fn json(&self) -> serde_json::Value {
		serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&self.body)))
	}
}

/// Sends `head` (request line and headers, without the blank line) and `body`, then reads until the server
/// closes the connection.
async fn send(addr: SocketAddr, head: &str, body: &[u8]) -> Answer {
	let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
	stream.write_all(format!("{head}\r\nHost: test\r\nConnection: close\r\n\r\n").as_bytes()).await.unwrap();
	// The server may answer (and close) before taking the whole body: ignore the write's error.
	let _ = stream.write_all(body).await;
	read_answer(&mut stream).await
}

async fn read_answer(stream: &mut tokio::net::TcpStream) -> Answer {
	let mut raw = Vec::new();
	let _ = stream.read_to_end(&mut raw).await;
	let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or_else(|| panic!("no answer: {raw:?}"));
	let head = String::from_utf8(raw[..split].to_vec()).unwrap();
	let mut lines = head.split("\r\n");
	let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
	let headers = lines
		.filter_map(|line| line.split_once(':'))
		.map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_string()))
		.collect();
	Answer { status, headers, body: raw[split + 4..].to_vec() }
}

async fn put(addr: SocketAddr, root: H256, file: &[u8]) -> Answer {
	send(addr, &format!("PUT {FILES_PATH}{root:?} HTTP/1.1\r\nContent-Length: {}", file.len()), file).await
}

async fn get(addr: SocketAddr, root: H256, range: Option<&str>) -> Answer {
	let range = range.map(|r| format!("\r\nRange: {r}")).unwrap_or_default();
	send(addr, &format!("GET {FILES_PATH}{root:?} HTTP/1.1{range}"), &[]).await
}

/// A node that may be named the encoder of what it receives (the chain tells it the code) encodes an upload as
/// soon as it is finished, before anyone has paid for it; one that may not (no provider key) does not.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_finished_upload_is_encoded_ahead_by_a_node_that_may_encode_it() {
	let node = node(HttpLimits::default()).await;
	let params = ErasureParams { data_shards: 4, parity_shards: 2 };
	let file = data(3 * MAX_CHUNK as usize + 999, 8);
	let root = file_root(&file);
	let answer = put(node.addr, root, &file).await;
	assert_eq!(answer.status, 200, "{}", String::from_utf8_lossy(&answer.body));
	tokio::time::sleep(Duration::from_millis(300)).await;
	assert_eq!(node.store.inventory().unwrap()[&root].shards, Vec::<u32>::new(), "no code: nothing encoded");

	*node.chain.code.lock() = Some(params);
	let file = data(3 * MAX_CHUNK as usize + 999, 9);
	let root = file_root(&file);
	let answer = put(node.addr, root, &file).await;
	assert_eq!(answer.status, 200, "{}", String::from_utf8_lossy(&answer.body));
	until(|| node.store.inventory().unwrap()[&root].shards.len() == 6).await;
	let shards = zg_primitives::storage::erasure::encode(&params, &file).unwrap();
	for (i, shard) in shards.iter().enumerate() {
		assert_eq!(node.store.shard(&root, i as u32).unwrap().as_ref(), Some(shard));
	}
}

/// A file of several pieces and change, uploaded in one PUT, comes back byte for byte, whole and in ranges.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn upload_then_download_whole_and_ranges() {
	let node = node(HttpLimits::default()).await;
	let len = 2 * MAX_CHUNK as usize + 12_345;
	let file = data(len, 7);
	let root = file_root(&file);

	let answer = put(node.addr, root, &file).await;
	assert_eq!(answer.status, 200, "{}", String::from_utf8_lossy(&answer.body));
	assert_eq!(answer.json()["size"], len as u64);
	assert_eq!(node.store.file_size(&root).unwrap(), Some(len as u64));

	node.on_chain(root, len as u64);
	let whole = get(node.addr, root, None).await;
	assert_eq!(whole.status, 200);
	assert_eq!(whole.headers["content-length"], len.to_string());
	assert_eq!(whole.headers["accept-ranges"], "bytes");
	assert!(whole.body == file, "the whole file differs");

	let start = MAX_CHUNK as usize - 10;
	let part = get(node.addr, root, Some(&format!("bytes={start}-{}", start + 99))).await;
	assert_eq!(part.status, 206);
	assert_eq!(part.headers["content-range"], format!("bytes {start}-{}/{len}", start + 99));
	assert_eq!(part.body, file[start..start + 100]);

	let open_ended = get(node.addr, root, Some(&format!("bytes={}-", len - 5))).await;
	assert_eq!((open_ended.status, &open_ended.body[..]), (206, &file[len - 5..]));
	let suffix = get(node.addr, root, Some("bytes=-7")).await;
	assert_eq!((suffix.status, &suffix.body[..]), (206, &file[len - 7..]));
	// A range that runs past the end is cut at the end.
	let past = get(node.addr, root, Some(&format!("bytes={}-{}", len - 3, len + 100))).await;
	assert_eq!((past.status, &past.body[..]), (206, &file[len - 3..]));

	let beyond = get(node.addr, root, Some(&format!("bytes={len}-"))).await;
	assert_eq!(beyond.status, 416);
	assert_eq!(beyond.headers["content-range"], format!("bytes */{len}"));
	let head = send(node.addr, &format!("HEAD {FILES_PATH}{root:?} HTTP/1.1"), &[]).await;
	assert_eq!((head.status, head.headers["content-length"].as_str(), head.body.len()), (200, len.to_string().as_str(), 0));
}

/// A file this node does not hold is streamed from the chunks of k shards, pieces read ahead in order: whole
/// (checked against its file root) and in a range across pieces, around a lying provider. When the shards'
/// last chunks can no longer be had, a whole download stops short of `Content-Length` (never a wrong byte), and
/// the node keeps nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_held_elsewhere_is_streamed_from_shards() {
	use std::sync::atomic::{AtomicBool, Ordering};
	let len = 3 * MAX_CHUNK as usize + 1000;
	let file = data(len, 11);
	let root = file_root(&file);
	let params = ErasureParams { data_shards: 4, parity_shards: 2 };
	let shards = zg_primitives::storage::erasure::encode(&params, &file).unwrap();
	// Once `cut` is set, every answer for the shards' last chunk is corrupted.
	let cut = Arc::new(AtomicBool::new(false));
	let cutting = cut.clone();
	let tamper: crate::testing::Tamper = Box::new(move |request, _, response| {
		if let crate::protocol::Request::ShardRange { offset, .. } = request {
			if *offset >= 2 * crate::blob_store::CHUNK_SIZE && cutting.load(Ordering::SeqCst) {
				if let Ok(bytes) = response {
					bytes[0] ^= 1;
				}
			}
		}
	});
	let network = Arc::new(FakeNetwork { tamper: Some(tamper), ..FakeNetwork::default() });
	let (mut dirs, mut locations) = (Vec::new(), Vec::new());
	for (i, shard) in shards.iter().enumerate() {
		let dir = TempDir::new();
		let store = Arc::new(open_all(&dir, 1 << 30));
		let shard_root = zg_primitives::storage::merkle_root(shard);
		let roots = crate::blob_store::chunk_roots(shard);
		store.put_shard_with_chunk_roots(&root, i as u32, shard, shard_root, &roots).unwrap();
		let peer = PeerId::random();
		// Shard 1's provider lies.
		network.peers.lock().insert(peer, (store, i == 1));
		dirs.push(dir);
		locations.push(zg_primitives::storage::host::ShardLocation {
			root: Some(shard_root),
			peer_id: peer.to_bytes(),
			acknowledged: true,
		});
	}
	let node = node_on(HttpLimits::default(), network).await;
	let layout = FileLayout { root, size: len as u64, params, encoder_peer: None, shards: locations };
	node.chain.files.lock().insert(root, layout);

	let whole = get(node.addr, root, None).await;
	assert_eq!((whole.status, whole.headers["content-length"].clone()), (200, len.to_string()));
	assert!(whole.body == file, "the whole file differs");
	let (from, to) = (MAX_CHUNK as usize - 3, 2 * MAX_CHUNK as usize + 5);
	let part = get(node.addr, root, Some(&format!("bytes={from}-{to}"))).await;
	assert_eq!(part.status, 206);
	assert!(part.body == file[from..=to], "the range differs");

	cut.store(true, Ordering::SeqCst);
	let short = get(node.addr, root, None).await;
	assert_eq!((short.status, short.headers["content-length"].clone()), (200, len.to_string()));
	assert!(short.body.len() < len, "a download that lost its last chunks must stop short");
	assert!(short.body == file[..short.body.len()], "only right bytes before the cut");
	// Reads still running when the download ended are aborted, and what they had begun is discarded.
	until(|| node.store.used() == 0).await;
	assert_eq!(node.store.file_size(&root).unwrap(), None);
}

/// An upload whose bytes do not have the root named is refused (422, the storage error's code) and discarded:
/// it holds none of the quota of unpaid uploads afterwards.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_root_is_refused_and_discarded() {
	let node = node(HttpLimits::default()).await;
	let file = data(MAX_CHUNK as usize + 1, 1);
	let answer = put(node.addr, H256::repeat_byte(9), &file).await;
	assert_eq!(answer.status, 422);
	assert_eq!(answer.json()["code"], StorageError::RootMismatch { expected: H256::zero(), actual: H256::zero() }.code());
	assert_eq!(node.store.staged(), 0);
	assert_eq!(node.store.file_size(&H256::repeat_byte(9)).unwrap(), None);
}

/// The size is checked before any of the body is read: too large (413), empty (400), or not given (411).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sizes_are_checked_before_the_body() {
	let node = node(HttpLimits::default()).await;
	let root = H256::repeat_byte(1);
	// Headers only: the server must answer without waiting for the 2^40 bytes announced.
	let huge = send(node.addr, &format!("PUT {FILES_PATH}{root:?} HTTP/1.1\r\nContent-Length: {}", 1u64 << 40), &[]).await;
	assert_eq!(huge.status, 413);
	assert_eq!(huge.json()["code"], StorageError::TooLarge { size: 0, max: 0 }.code());
	let empty = put(node.addr, root, &[]).await;
	assert_eq!(empty.status, 400);
	let chunked = send(
		node.addr,
		&format!("PUT {FILES_PATH}{root:?} HTTP/1.1\r\nTransfer-Encoding: chunked"),
		b"5\r\nhello\r\n0\r\n\r\n",
	)
	.await;
	assert_eq!(chunked.status, 411);
	assert_eq!(node.store.staged(), 0);
}

/// A client that announces more bytes than it sends and hangs up leaves nothing behind.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_short_body_leaves_nothing_behind() {
	let node = node(HttpLimits::default()).await;
	let file = data(3 * MAX_CHUNK as usize, 2);
	let mut stream = tokio::net::TcpStream::connect(node.addr).await.unwrap();
	let head = format!("PUT {FILES_PATH}{:?} HTTP/1.1\r\nHost: test\r\nContent-Length: {}\r\n\r\n", file_root(&file), file.len());
	stream.write_all(head.as_bytes()).await.unwrap();
	stream.write_all(&file[..file.len() / 2]).await.unwrap();
	stream.shutdown().await.unwrap();
	let _ = read_answer_or_nothing(&mut stream).await;
	until(|| node.store.staged() == 0).await;
	assert_eq!(node.store.file_size(&file_root(&file)).unwrap(), None);
}

/// A client that stops sending part-way is cut off after the idle limit (408) and its upload discarded: a
/// stalled upload cannot hold a connection slot or quota for long.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_upload_times_out() {
	let node = node(HttpLimits { max_connections: 4, idle: Duration::from_millis(300) }).await;
	let file = data(2 * MAX_CHUNK as usize, 3);
	let mut stream = tokio::net::TcpStream::connect(node.addr).await.unwrap();
	let head = format!("PUT {FILES_PATH}{:?} HTTP/1.1\r\nHost: test\r\nContent-Length: {}\r\n\r\n", file_root(&file), file.len());
	// One write: under load, a pause between the head and the body could outlast the idle limit itself.
	stream.write_all(&[head.as_bytes(), &file[..1000]].concat()).await.unwrap();
	// Nothing more is sent; the connection stays open.
	let answer = read_answer(&mut stream).await;
	assert_eq!(answer.status, 408);
	assert_eq!(node.store.staged(), 0);
}

/// The attack: with one connection slot, a client that sends an upload's body a byte at a time (never idle for
/// long) would hold the slot for ever. Each piece must come within `PIECE_IDLES` idle periods: the client is cut
/// off (408) and the next client served.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upload_trickled_a_byte_at_a_time_loses_its_slot() {
	let node = node(HttpLimits { max_connections: 1, idle: Duration::from_millis(300) }).await;
	let file = data(2 * MAX_CHUNK as usize, 4);
	let mut slow = tokio::net::TcpStream::connect(node.addr).await.unwrap();
	let (root, len) = (file_root(&file), file.len());
	let head = format!("PUT {FILES_PATH}{root:?} HTTP/1.1\r\nHost: test\r\nContent-Length: {len}\r\n\r\n");
	slow.write_all(head.as_bytes()).await.unwrap();
	let trickle = tokio::spawn(async move {
		// A byte every 100 ms for 60 s, never 300 ms without one, until the server closes the connection (a
		// write then fails: the 408 it sent may be lost to the reset of a socket closed with bytes unread).
		for byte in file.iter().take(600) {
			if slow.write_all(&[*byte]).await.is_err() {
				return true;
			}
			tokio::time::sleep(Duration::from_millis(100)).await;
		}
		false
	});
	tokio::time::sleep(Duration::from_millis(200)).await;
	let next = tokio::time::timeout(Duration::from_secs(30), get(node.addr, H256::repeat_byte(3), None))
		.await
		.expect("the next client is served once the trickling one is cut off");
	assert_eq!(next.status, 404);
	assert!(trickle.await.unwrap(), "the trickling client was cut off");
	until(|| node.store.staged() == 0).await;
}

/// The attack: with one connection slot, a client that asks for a file and never reads the answer would hold
/// the slot (and the download's read-ahead) for ever: hyper itself has no write timeout. Once the socket's
/// buffers are full and nothing moves for `idle`, the connection is dropped and the next client served.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_download_nobody_reads_loses_its_slot() {
	let node = node(HttpLimits { max_connections: 2, idle: Duration::from_millis(300) }).await;
	// More than the kernel buffers of a loopback connection on both sides.
	let file = data(32 << 20, 5);
	let root = file_root(&file);
	assert_eq!(put(node.addr, root, &file).await.status, 200);
	node.on_chain(root, file.len() as u64);
	let mut stalled = Vec::new();
	for _ in 0..2 {
		let mut stream = tokio::net::TcpStream::connect(node.addr).await.unwrap();
		let head = format!("GET {FILES_PATH}{root:?} HTTP/1.1\r\nHost: test\r\n\r\n");
		stream.write_all(head.as_bytes()).await.unwrap();
		// Never read.
		stalled.push(stream);
	}
	tokio::time::sleep(Duration::from_millis(200)).await;
	let next = tokio::time::timeout(Duration::from_secs(30), get(node.addr, H256::repeat_byte(3), None))
		.await
		.expect("the next client is served once a reader that stopped is cut off");
	assert_eq!(next.status, 404);
	drop(stalled);
}

/// Unknown files, paths, roots and methods get their own errors; the node keeps serving.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_requests_get_errors() {
	let node = node(HttpLimits::default()).await;
	let unknown = get(node.addr, H256::repeat_byte(3), None).await;
	assert_eq!(unknown.status, 404);
	assert_eq!(unknown.json()["code"], StorageError::UnknownFile(H256::zero()).code());
	// On chain but neither encoded nor held here: not yet available.
	node.on_chain(H256::repeat_byte(4), 100);
	assert_eq!(get(node.addr, H256::repeat_byte(4), None).await.status, 503);
	assert_eq!(send(node.addr, "GET /elsewhere HTTP/1.1", &[]).await.status, 404);
	assert_eq!(send(node.addr, &format!("GET {FILES_PATH}0x12 HTTP/1.1"), &[]).await.status, 400);
	assert_eq!(send(node.addr, &format!("GET {FILES_PATH}{} HTTP/1.1", "zz".repeat(33)), &[]).await.status, 400);
	let delete = send(node.addr, &format!("DELETE {FILES_PATH}{:?} HTTP/1.1", H256::repeat_byte(3)), &[]).await;
	assert_eq!(delete.status, 405);
	assert_eq!(delete.headers["allow"], "PUT, POST, GET, HEAD");
	// Garbage instead of HTTP: the connection is dropped, the server lives on.
	let mut stream = tokio::net::TcpStream::connect(node.addr).await.unwrap();
	stream.write_all(b"\x00\x01 not http\r\n\r\n").await.unwrap();
	let _ = read_answer_or_nothing(&mut stream).await;
	assert_eq!(get(node.addr, H256::repeat_byte(3), None).await.status, 404);
}

#[test]
fn ranges_are_parsed_as_rfc_9110_says() {
	assert_eq!(requested_range(None, 10), Ok(None));
	assert_eq!(requested_range(Some("bytes=0-0"), 10), Ok(Some((0, 1))));
	assert_eq!(requested_range(Some("bytes=2-"), 10), Ok(Some((2, 10))));
	assert_eq!(requested_range(Some("bytes=-3"), 10), Ok(Some((7, 10))));
	assert_eq!(requested_range(Some("bytes=-30"), 10), Ok(Some((0, 10))));
	assert_eq!(requested_range(Some("bytes=5-100"), 10), Ok(Some((5, 10))));
	// Several ranges, or another unit: ignored (the whole file).
	assert_eq!(requested_range(Some("bytes=0-1,3-4"), 10), Ok(None));
	assert_eq!(requested_range(Some("items=0-1"), 10), Ok(None));
	for bad in ["bytes=10-", "bytes=5-4", "bytes=-0", "bytes=x-1", "bytes=1", "bytes=18446744073709551615-"] {
		assert_eq!(requested_range(Some(bad), 10), Err(()), "{bad}");
	}
}

async fn read_answer_or_nothing(stream: &mut tokio::net::TcpStream) -> Vec<u8> {
	let mut raw = Vec::new();
	let _ = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut raw)).await;
	raw
}

async fn until(condition: impl Fn() -> bool) {
	for _ in 0..200 {
		if condition() {
			return;
		}
		tokio::time::sleep(Duration::from_millis(25)).await;
	}
	panic!("condition not met within 5 s");
}
