//! The storage node's HTTP endpoint: whole files as raw bytes, streamed both ways, beside the `zgStorage`
//! JSON-RPC methods (which carry hex, at most [`MAX_CHUNK`] bytes a call, one call at a time).
//!
//! - `PUT /storage/v1/files/0x<root>` (or `POST`), the file as the body, its size as `Content-Length`: one
//!   upload, the same as `zgStorage_uploadBegin`, the chunks and `zgStorage_uploadFinish(root)`. The body is
//!   written to the blob store as it arrives, in pieces of [`MAX_CHUNK`] bytes, one write in flight while the
//!   next piece is read. The answer is `uploadFinish`'s (JSON, [`FileDirectory::receipt`]). An upload that
//!   fails (a wrong root, a short body, a stalled client) is discarded at once, so it stops counting against
//!   the quota of unpaid uploads.
//! - `GET /storage/v1/files/0x<root>` (or `HEAD`), optionally with one `Range: bytes=a-b`, `bytes=a-` or
//!   `bytes=-n`: the file's bytes, sent as they are read, [`MAX_CHUNK`] bytes at a time with [`READ_AHEAD`]
//!   pieces read ahead (each in a task of its own, so that reading overlaps hashing and sending): from the node's copy if it holds the file, else each piece rebuilt from the chunks of k shards that
//!   hold it, every chunk checked against its shard root ([`StorageBackend::read_range`]; the node keeps
//!   nothing). A whole-file download rebuilt so is also hashed as it goes, and its last piece is sent only if
//!   the file root is right. The first piece is read before the headers are sent, so that a file that cannot be served yet gets
//!   an error status rather than a truncated body; after that, a failure ends the connection before
//!   `Content-Length` bytes, which every HTTP client reports.
//!
//! Bounds, since anyone who can reach the port can use it: at most [`HttpLimits::max_connections`] connections at a
//! time (more wait in the kernel's backlog); request headers must arrive within [`HttpLimits::idle`], each frame of
//! an upload's body too and each [`MAX_CHUNK`] piece within [`PIECE_IDLES`] times that (however its bytes trickle
//! in), and a client must take the bytes of an answer within `idle` (one that stops reading a download is cut off);
//! the size is checked against the chain's limit before a byte of the body is read; uploads share the blob store's
//! quota for unpaid uploads with the RPC's; a download holds at most six pieces in memory (one sent, one hashed,
//! [`READ_AHEAD`] being read, one waiting): 24 MiB, 384 MiB for [`HttpLimits::max_connections`]' default 16. Listen
//! on localhost (the node's default) unless the node is meant to take uploads from others. Errors answer with an
//! HTTP status and a JSON body with the storage error's code and message, the same as the RPC's:
//! `{"code":7006,"message":"the data's file root is …"}`.

use std::{convert::Infallible, io, sync::Arc, task::Poll, time::Duration};

use bytes::Bytes;
use futures::{channel::mpsc, SinkExt};
use http_body_util::{combinators::BoxBody, BodyExt, Empty, Full, StreamBody};
use hyper::{
	body::{Frame, Incoming},
	header, server::conn::http1, service::service_fn, Method, Request, Response, StatusCode,
};
use hyper_util::rt::{TokioIo, TokioTimer};
use sp_core::H256;
use tokio::{net::TcpListener, sync::Semaphore};
use zg_primitives::storage::{host::FileLayout, ErasureParams, FileRootBuilder};

use crate::{RangeRead, StorageBackend, StorageError, MAX_CHUNK};

const LOG_TARGET: &str = "zg-storage-http";

/// Where files are: `PUT`/`GET` `FILES_PATH` `0x<root>`.
pub const FILES_PATH: &str = "/storage/v1/files/";

/// What the endpoint needs from the chain (the node implements it with the `StorageApi` runtime API).
pub trait FileDirectory: Send + Sync + 'static {
	/// The largest file the chain accepts.
	fn max_file_size(&self) -> Result<u64, StorageError>;
	/// The chain's record of the file with root `root`, if there is one.
	fn layout(&self, root: H256) -> Result<Option<FileLayout>, StorageError>;
	/// The answer to a finished upload of `size` bytes (the RPC's `uploadFinish` answer).
	fn receipt(&self, root: H256, size: u64) -> serde_json::Value;
	/// The erasure code the chain gives a file submitted now, if this node may be named its encoder (it has a
	/// storage provider's key): a finished upload is then encoded ahead of its submission
	/// ([`StorageBackend::encode_ahead`]). By default, none.
	fn erasure_params(&self) -> Option<ErasureParams> {
		None
	}
}

/// The endpoint's bounds.
#[derive(Clone, Copy, Debug)]
pub struct HttpLimits {
	/// Connections served at a time.
	pub max_connections: usize,
	/// The longest wait for a request's headers, for each frame of an upload's body (each [`MAX_CHUNK`] piece:
	/// [`PIECE_IDLES`] times this), and for the client to take any bytes of an answer.
	pub idle: Duration,
}

impl Default for HttpLimits {
	fn default() -> Self {
		Self { max_connections: 16, idle: Duration::from_secs(30) }
	}
}

type Body = BoxBody<Bytes, io::Error>;

/// Serves the endpoint on `listener` until the listener fails for good (never, in practice).
pub async fn serve<B: StorageBackend, D: FileDirectory>(
	listener: TcpListener,
	backend: Arc<B>,
	directory: Arc<D>,
	limits: HttpLimits,
) {
	let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
	loop {
		let Ok(permit) = slots.clone().acquire_owned().await else { return };
		let stream = match listener.accept().await {
			Ok((stream, _)) => stream,
			Err(e) => {
				// Out of file descriptors and the like: wait instead of spinning.
				log::warn!(target: LOG_TARGET, "accepting a connection: {e}");
				tokio::time::sleep(Duration::from_millis(100)).await;
				continue;
			},
		};
		let _ = stream.set_nodelay(true);
		let (backend, directory) = (backend.clone(), directory.clone());
		tokio::spawn(async move {
			let _permit = permit;
			let service = service_fn(move |request| {
				let (backend, directory) = (backend.clone(), directory.clone());
				async move { Ok::<_, Infallible>(handle(&backend, &directory, limits, request).await) }
			});
			let stream = WriteTimeout { io: stream, idle: limits.idle, stalled: None };
			let connection = http1::Builder::new()
				.timer(TokioTimer::new())
				.header_read_timeout(limits.idle)
				.serve_connection(TokioIo::new(stream), service);
			if let Err(e) = connection.await {
				log::debug!(target: LOG_TARGET, "connection ended: {e}");
			}
		});
	}
}

/// A connection whose writes wait at most `idle` for the client to take bytes. hyper has no write timeout: a
/// client that stops reading a download would hold its connection slot (and the download's read-ahead) for ever.
struct WriteTimeout {
	io: tokio::net::TcpStream,
	idle: Duration,
	/// Armed when a write or flush cannot go on; cleared by any progress.
	stalled: Option<std::pin::Pin<Box<tokio::time::Sleep>>>,
}

impl WriteTimeout {
	fn progress<T>(&mut self, cx: &mut std::task::Context<'_>, poll: Poll<io::Result<T>>) -> Poll<io::Result<T>> {
		if poll.is_ready() {
			self.stalled = None;
			return poll;
		}
		let idle = self.idle;
		let stalled = self.stalled.get_or_insert_with(|| Box::pin(tokio::time::sleep(idle)));
		match std::future::Future::poll(stalled.as_mut(), cx) {
			Poll::Ready(()) => Poll::Ready(Err(io::Error::new(io::ErrorKind::TimedOut, "the client stopped reading"))),
			Poll::Pending => Poll::Pending,
		}
	}
}

impl tokio::io::AsyncRead for WriteTimeout {
	fn poll_read(
		self: std::pin::Pin<&mut Self>,
		cx: &mut std::task::Context<'_>,
		buf: &mut tokio::io::ReadBuf<'_>,
	) -> Poll<io::Result<()>> {
		std::pin::Pin::new(&mut self.get_mut().io).poll_read(cx, buf)
	}
}

impl tokio::io::AsyncWrite for WriteTimeout {
	fn poll_write(
		self: std::pin::Pin<&mut Self>,
		cx: &mut std::task::Context<'_>,
		buf: &[u8],
	) -> Poll<io::Result<usize>> {
		let this = self.get_mut();
		let poll = std::pin::Pin::new(&mut this.io).poll_write(cx, buf);
		this.progress(cx, poll)
	}

	fn poll_write_vectored(
		self: std::pin::Pin<&mut Self>,
		cx: &mut std::task::Context<'_>,
		bufs: &[io::IoSlice<'_>],
	) -> Poll<io::Result<usize>> {
		let this = self.get_mut();
		let poll = std::pin::Pin::new(&mut this.io).poll_write_vectored(cx, bufs);
		this.progress(cx, poll)
	}

	fn is_write_vectored(&self) -> bool {
		self.io.is_write_vectored()
	}

	fn poll_flush(self: std::pin::Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> Poll<io::Result<()>> {
		let this = self.get_mut();
		let poll = std::pin::Pin::new(&mut this.io).poll_flush(cx);
		this.progress(cx, poll)
	}

	fn poll_shutdown(self: std::pin::Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> Poll<io::Result<()>> {
		std::pin::Pin::new(&mut self.get_mut().io).poll_shutdown(cx)
	}
}

async fn handle<B: StorageBackend, D: FileDirectory>(
	backend: &Arc<B>,
	directory: &Arc<D>,
	limits: HttpLimits,
	request: Request<Incoming>,
) -> Response<Body> {
	let Some(name) = request.uri().path().strip_prefix(FILES_PATH) else {
		return message(StatusCode::NOT_FOUND, 0, format!("no such path: files are at {FILES_PATH}0x<file root>"));
	};
	let Some(root) = parse_root(name) else {
		return message(StatusCode::BAD_REQUEST, 0, format!("{name:?} is not a file root (0x and 64 hex digits)"));
	};
	match *request.method() {
		Method::PUT | Method::POST => upload(backend, directory, limits, root, request).await,
		Method::GET => download(backend, directory, root, &request, false).await,
		Method::HEAD => download(backend, directory, root, &request, true).await,
		_ => {
			let mut response = message(StatusCode::METHOD_NOT_ALLOWED, 0, "files take PUT, POST, GET and HEAD");
			response.headers_mut().insert(header::ALLOW, header::HeaderValue::from_static("PUT, POST, GET, HEAD"));
			response
		},
	}
}

/// `0x` and 64 hex digits.
fn parse_root(name: &str) -> Option<H256> {
	let hex = name.strip_prefix("0x")?;
	if hex.len() != 64 {
		return None;
	}
	let mut root = [0u8; 32];
	for (i, byte) in root.iter_mut().enumerate() {
		*byte = u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()?;
	}
	Some(H256(root))
}

/// The HTTP status of a storage error.
pub fn status_of(e: &StorageError) -> StatusCode {
	match e {
		StorageError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
		StorageError::Empty | StorageError::BadRange { .. } | StorageError::Incomplete { .. } =>
			StatusCode::BAD_REQUEST,
		StorageError::RootMismatch { .. } => StatusCode::UNPROCESSABLE_ENTITY,
		StorageError::UnknownUpload(_) | StorageError::UnknownFile(_) => StatusCode::NOT_FOUND,
		StorageError::NotYetAvailable(_) |
		StorageError::NotEnoughShards { .. } |
		StorageError::UploadQuota { .. } |
		StorageError::Busy |
		StorageError::BeingWritten(_) => StatusCode::SERVICE_UNAVAILABLE,
		StorageError::TooManyUploads { .. } => StatusCode::TOO_MANY_REQUESTS,
		StorageError::StoreFull { .. } => StatusCode::INSUFFICIENT_STORAGE,
		StorageError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
	}
}

fn json(status: StatusCode, value: &serde_json::Value) -> Response<Body> {
	let body = Full::new(Bytes::from(value.to_string())).map_err(|never| match never {}).boxed();
	let mut response = Response::new(body);
	*response.status_mut() = status;
	response.headers_mut().insert(header::CONTENT_TYPE, header::HeaderValue::from_static("application/json"));
	response
}

/// An error answer: `code` is the storage error's code, 0 for errors of the request itself.
fn message(status: StatusCode, code: i32, text: impl Into<String>) -> Response<Body> {
	json(status, &serde_json::json!({ "code": code, "message": text.into() }))
}

fn error(e: StorageError) -> Response<Body> {
	message(status_of(&e), e.code(), e.to_string())
}

async fn upload<B: StorageBackend, D: FileDirectory>(
	backend: &Arc<B>,
	directory: &Arc<D>,
	limits: HttpLimits,
	root: H256,
	request: Request<Incoming>,
) -> Response<Body> {
	let size = request
		.headers()
		.get(header::CONTENT_LENGTH)
		.and_then(|v| v.to_str().ok())
		.and_then(|v| v.parse::<u64>().ok());
	let Some(size) = size else {
		return message(StatusCode::LENGTH_REQUIRED, 0, "a Content-Length header (the file's size) is required");
	};
	if size == 0 {
		return error(StorageError::Empty);
	}
	match directory.max_file_size() {
		Ok(max) if size > max => return error(StorageError::TooLarge { size, max }),
		Ok(_) => {},
		Err(e) => return error(e),
	}
	// Written in place under `root` as it arrives (the node hashes it on the way; nothing is staged).
	let id = match backend.upload_begin(size, None, Some(root)) {
		Ok(id) => id,
		Err(e) => return error(e),
	};
	let mut given_up = AbortOnDrop { backend: backend.clone(), id, armed: true };
	let received = receive(backend, limits, id, size, request.into_body()).await;
	let finished = match received {
		Ok(()) => {
			let backend = backend.clone();
			tokio::task::spawn_blocking(move || backend.upload_finish(id, root))
				.await
				.unwrap_or_else(|e| Err(StorageError::Internal(format!("upload_finish: {e}"))))
				.map_err(Received::from)
		},
		Err(e) => Err(e),
	};
	given_up.armed = false;
	match finished {
		Ok(size) => {
			if let Some(params) = directory.erasure_params() {
				backend.encode_ahead(root, params);
			}
			json(StatusCode::OK, &directory.receipt(root, size))
		},
		Err(e) => {
			// Finished uploads are gone already; anything else would hold quota until it expires.
			if let Err(abort) = backend.upload_abort(id) {
				log::debug!(target: LOG_TARGET, "discarding upload {id}: {abort}");
			}
			match e {
				Received::Storage(e) => error(e),
				Received::Request(status, text) => message(status, 0, text),
			}
		},
	}
}

/// Aborts an upload whose request was given up part way (its future dropped when the client went away), so that
/// it does not hold its share of the quota, nor keep other writes of its file out, until it is discarded as idle.
struct AbortOnDrop<B: StorageBackend> {
	backend: Arc<B>,
	id: u64,
	armed: bool,
}

impl<B: StorageBackend> Drop for AbortOnDrop<B> {
	fn drop(&mut self) {
		if !self.armed {
			return;
		}
		let (backend, id) = (self.backend.clone(), self.id);
		if let Ok(runtime) = tokio::runtime::Handle::try_current() {
			runtime.spawn_blocking(move || {
				if let Err(e) = backend.upload_abort(id) {
					log::debug!(target: LOG_TARGET, "discarding upload {id}, given up: {e}");
				}
			});
		}
	}
}

/// Why an upload's body was not taken.
enum Received {
	Storage(StorageError),
	Request(StatusCode, String),
}

impl From<StorageError> for Received {
	fn from(e: StorageError) -> Self {
		Self::Storage(e)
	}
}

/// A piece being written, which hands its buffer back for the next piece.
type PieceWrite = tokio::task::JoinHandle<(Result<u64, StorageError>, Vec<u8>)>;

/// An upload's body must bring each [`MAX_CHUNK`] piece within this many [`HttpLimits::idle`]s (4 minutes by
/// default: at least 17 KiB/s on average, and less than the 5 minutes after which the store drops an upload that
/// got no piece).
pub const PIECE_IDLES: u32 = 8;

/// Writes the body of upload `id` (`size` bytes) in pieces of [`MAX_CHUNK`], one write in flight. Two buffers
/// take turns (one filling, one being written): a fresh 1 MiB buffer per piece cost a page fault per 4 KiB.
async fn receive<B: StorageBackend>(
	backend: &Arc<B>,
	limits: HttpLimits,
	id: u64,
	size: u64,
	mut body: Incoming,
) -> Result<(), Received> {
	let piece = MAX_CHUNK as usize;
	let mut buffer: Vec<u8> = Vec::with_capacity(piece);
	let mut spare: Option<Vec<u8>> = None;
	let mut written = 0u64;
	let mut in_flight: Option<PieceWrite> = None;
	async fn settle(in_flight: &mut Option<PieceWrite>, spare: &mut Option<Vec<u8>>) -> Result<(), Received> {
		if let Some(write) = in_flight.take() {
			let (result, mut bytes) = write.await.map_err(|e| StorageError::Internal(format!("upload_chunk: {e}")))?;
			result?;
			bytes.clear();
			*spare = Some(bytes);
		}
		Ok(())
	}
	let write = |buffer: &mut Vec<u8>, spare: &mut Option<Vec<u8>>, written: &mut u64| -> PieceWrite {
		let next = spare.take().unwrap_or_else(|| Vec::with_capacity(piece));
		let bytes = std::mem::replace(buffer, next);
		let (backend, offset) = (backend.clone(), *written);
		*written += bytes.len() as u64;
		tokio::task::spawn_blocking(move || (backend.upload_chunk(id, offset, &bytes), bytes))
	};
	// Each frame must come within `idle`, and each piece within `PIECE_IDLES` times that: a client sending a
	// byte now and then would otherwise hold its connection slot for as long as it liked.
	let piece_time = limits.idle.saturating_mul(PIECE_IDLES);
	let mut piece_by = tokio::time::Instant::now() + piece_time;
	loop {
		let frame_by = (tokio::time::Instant::now() + limits.idle).min(piece_by);
		let frame = match tokio::time::timeout_at(frame_by, body.frame()).await {
			Err(_) => {
				let _ = settle(&mut in_flight, &mut spare).await;
				return Err(Received::Request(
					StatusCode::REQUEST_TIMEOUT,
					format!(
						"the body stalled: no bytes for {} s, or the next {MAX_CHUNK} not within {} s",
						limits.idle.as_secs_f32(),
						piece_time.as_secs_f32()
					),
				));
			},
			Ok(None) => break,
			Ok(Some(Err(e))) => {
				let _ = settle(&mut in_flight, &mut spare).await;
				return Err(Received::Request(StatusCode::BAD_REQUEST, format!("reading the body: {e}")));
			},
			Ok(Some(Ok(frame))) => frame,
		};
		let Ok(mut data) = frame.into_data() else { continue };
		if written + buffer.len() as u64 + data.len() as u64 > size {
			let _ = settle(&mut in_flight, &mut spare).await;
			return Err(StorageError::BadRange { offset: written + buffer.len() as u64, len: data.len() as u64, size }.into());
		}
		while !data.is_empty() {
			let take = (piece - buffer.len()).min(data.len());
			buffer.extend_from_slice(&data.split_to(take));
			if buffer.len() == piece {
				settle(&mut in_flight, &mut spare).await?;
				in_flight = Some(write(&mut buffer, &mut spare, &mut written));
				piece_by = tokio::time::Instant::now() + piece_time;
			}
		}
	}
	settle(&mut in_flight, &mut spare).await?;
	if !buffer.is_empty() {
		in_flight = Some(write(&mut buffer, &mut spare, &mut written));
		settle(&mut in_flight, &mut spare).await?;
	}
	if written != size {
		return Err(StorageError::Incomplete { received: written, size }.into());
	}
	Ok(())
}

/// The byte range `start..end` of a file of `size` bytes that a `Range` header asks for: `None` for the whole
/// file (no header, or one this endpoint ignores as RFC 9110 allows: several ranges, another unit),
/// `Err(())` if it cannot be satisfied.
fn requested_range(header: Option<&str>, size: u64) -> Result<Option<(u64, u64)>, ()> {
	let Some(spec) = header.and_then(|h| h.trim().strip_prefix("bytes=")) else { return Ok(None) };
	if spec.contains(',') {
		return Ok(None);
	}
	let (first, last) = spec.split_once('-').ok_or(())?;
	let (first, last) = (first.trim(), last.trim());
	let range = if first.is_empty() {
		// The last `n` bytes.
		let n: u64 = last.parse().map_err(|_| ())?;
		if n == 0 {
			return Err(());
		}
		(size.saturating_sub(n), size)
	} else {
		let start: u64 = first.parse().map_err(|_| ())?;
		let end = if last.is_empty() { size } else { last.parse::<u64>().map_err(|_| ())?.saturating_add(1).min(size) };
		if start >= size || end <= start {
			return Err(());
		}
		(start, end)
	};
	Ok(Some(range))
}

async fn download<B: StorageBackend, D: FileDirectory>(
	backend: &Arc<B>,
	directory: &Arc<D>,
	root: H256,
	request: &Request<Incoming>,
	head: bool,
) -> Response<Body> {
	let layout = match directory.layout(root) {
		Ok(Some(layout)) => layout,
		Ok(None) => return error(StorageError::UnknownFile(root)),
		Err(e) => return error(e),
	};
	let size = layout.size;
	let range = request.headers().get(header::RANGE).and_then(|v| v.to_str().ok());
	let (start, end, partial) = match requested_range(range, size) {
		Ok(None) => (0, size, false),
		Ok(Some((start, end))) => (start, end, true),
		Err(()) => {
			let mut response = message(StatusCode::RANGE_NOT_SATISFIABLE, 0, format!("the file has {size} bytes"));
			if let Ok(value) = header::HeaderValue::from_str(&format!("bytes */{size}")) {
				response.headers_mut().insert(header::CONTENT_RANGE, value);
			}
			return response;
		},
	};
	let len = end - start;
	let piece = MAX_CHUNK;
	let body = if head || len == 0 {
		Empty::new().map_err(|never| match never {}).boxed()
	} else {
		// A whole file read from shards is also checked against its file root (a held file was checked when
		// it was stored): its last piece goes out only once the root is right.
		let check = !partial && !backend.local(&root).file;
		let first = match backend.read_range_with_roots(layout.clone(), start, len.min(piece)).await {
			Ok(read) => read,
			Err(e) => return error(e),
		};
		// One piece waits in the channel while the next ones are read: at most five in memory.
		let (tx, rx) = mpsc::channel::<Result<Frame<Bytes>, io::Error>>(0);
		tokio::spawn(stream_file(backend.clone(), layout, (start, end), first, check.then(FileRootBuilder::new), tx));
		StreamBody::new(rx).boxed()
	};
	let mut response = Response::new(body);
	*response.status_mut() = if partial { StatusCode::PARTIAL_CONTENT } else { StatusCode::OK };
	let headers = response.headers_mut();
	headers.insert(header::CONTENT_TYPE, header::HeaderValue::from_static("application/octet-stream"));
	headers.insert(header::ACCEPT_RANGES, header::HeaderValue::from_static("bytes"));
	headers.insert(header::CONTENT_LENGTH, header::HeaderValue::from(len));
	if partial {
		if let Ok(value) = header::HeaderValue::from_str(&format!("bytes {start}-{}/{size}", end - 1)) {
			headers.insert(header::CONTENT_RANGE, value);
		}
	}
	response
}

/// Pieces of a download read ahead of the one being hashed and sent. Each read waits on four providers' disks (their
/// stores read with direct I/O, past the page cache): with two, a release profile of a cold download found both
/// cores idle 17 % of the time.
pub const READ_AHEAD: usize = 3;

/// The reads of a download's next pieces, in order; aborted if the download ends first.
struct ReadAhead(std::collections::VecDeque<(u64, tokio::task::JoinHandle<Result<RangeRead, StorageError>>)>);

impl ReadAhead {
	/// Starts reads until [`READ_AHEAD`] are running or `*next` reaches `end`.
	fn fill<B: StorageBackend>(&mut self, backend: &Arc<B>, layout: &FileLayout, next: &mut u64, end: u64) {
		while self.0.len() < READ_AHEAD && *next < end {
			let (backend, layout, offset, len) = (backend.clone(), layout.clone(), *next, (end - *next).min(MAX_CHUNK));
			let read = tokio::spawn(async move { backend.read_range_with_roots(layout, offset, len).await });
			self.0.push_back((len, read));
			*next += len;
		}
	}
}

impl Drop for ReadAhead {
	fn drop(&mut self) {
		for (_, read) in &self.0 {
			read.abort();
		}
	}
}

/// Sends bytes `start..end` of the file, `first` (read already) and then [`MAX_CHUNK`] at a time, the next
/// [`READ_AHEAD`] pieces being read meanwhile; with `root`, hashes everything sent (but the runs whose roots the
/// reads computed from these bytes: [`StorageBackend::read_range_with_roots`]) and holds the last piece back until
/// the file root is `layout.root`.
async fn stream_file<B: StorageBackend>(
	backend: Arc<B>,
	layout: FileLayout,
	(start, end): (u64, u64),
	first: RangeRead,
	mut root: Option<FileRootBuilder>,
	mut tx: mpsc::Sender<Result<Frame<Bytes>, io::Error>>,
) {
	let file = layout.root;
	let mut offset = start;
	let mut requested = start + first.bytes.len() as u64;
	let mut ahead = ReadAhead(Default::default());
	ahead.fill(&backend, &layout, &mut requested, end);
	let mut next = Some(first);
	while let Some(RangeRead { bytes, run_height, run_roots }) = next.take() {
		offset += bytes.len() as u64;
		let bytes = match root.take() {
			Some(mut builder) => {
				let hashed = tokio::task::spawn_blocking(move || {
					builder.update_with_roots(&bytes, run_height, &run_roots);
					(builder, bytes)
				})
				.await;
				let Ok((builder, bytes)) = hashed else {
					let _ = tx.send(Err(io::Error::other("hashing the file failed"))).await;
					return;
				};
				if offset == end {
					let got = builder.finish();
					if got != file {
						log::warn!(target: LOG_TARGET, "the file rebuilt for a download has root {got:?}, not {file:?}");
						let _ = tx.send(Err(io::Error::other("the rebuilt file does not have its root"))).await;
						return;
					}
				} else {
					root = Some(builder);
				}
				bytes
			},
			None => bytes,
		};
		if bytes.is_empty() || tx.send(Ok(Frame::data(Bytes::from(bytes)))).await.is_err() {
			// Nothing read (cannot happen before the end), or the client went away.
			return;
		}
		if offset < end {
			let result = match ahead.0.pop_front() {
				Some((len, read)) => read.await.map(|result| (len, result)),
				None => Ok((0, Ok(RangeRead::default()))),
			};
			ahead.fill(&backend, &layout, &mut requested, end);
			match result {
				Ok((len, Ok(read))) if len > 0 && read.bytes.len() as u64 == len => next = Some(read),
				result => {
					let why = match result {
						Ok((_, Err(e))) => e.to_string(),
						Ok((len, Ok(read))) => format!("{} bytes at offset {offset}, not {len}", read.bytes.len()),
						Err(e) => format!("the read at offset {offset} failed: {e}"),
					};
					log::warn!(target: LOG_TARGET, "download of {file:?} stopped at byte {offset}: {why}");
					let _ = tx.send(Err(io::Error::other(why))).await;
					return;
				},
			}
		}
	}
}

#[cfg(test)]
mod tests;
