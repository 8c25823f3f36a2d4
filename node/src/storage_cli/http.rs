//! The storage CLI over a node's storage HTTP endpoint (`--storage-http` on the node, `--http` on the CLI): the
//! file's raw bytes streamed both ways, where the JSON-RPC methods carry hex, 1 MiB a call, one call at a time.
//!
//! An upload streams the file from disk as one `PUT /storage/v1/files/0x<root>` (its root computed first, in a pass of
//! its own over the file); a download streams `GET /storage/v1/files/0x<root>` into `<out>.part`, hashed and written on
//! a thread of its own while the socket is read, and renames it to `<out>` only if every byte came and the root is the
//! one asked for, so a node that serves wrong or short data leaves nothing behind. Neither holds the file in memory.

use std::{
	io::Read,
	path::Path,
	time::Instant,
};

use bytes::Bytes;
use http_body_util::{combinators::BoxBody, BodyExt, Empty, StreamBody};
use hyper::{body::Frame, header, Method, Request, StatusCode, Uri};
use hyper_util::rt::TokioIo;
use serde_json::Value;
use sp_core::H256;
use zg_primitives::storage::FileRootBuilder;

use super::CheckedFile;
use crate::client::progress;

/// Bytes read from the file per piece of an upload's body, and per update of the file root.
const PIECE: usize = 4 * 1024 * 1024;
/// The most pieces of a download's body received and not yet hashed and written (hyper hands over pieces of tens
/// of KiB, a few hundred at most).
const PIPELINE: usize = 64;
/// The most of an error answer's body read.
const MAX_ERROR_BODY: usize = 64 * 1024;

/// `path`'s file root, read [`PIECE`] bytes at a time.
pub fn file_root_of(path: &Path) -> Result<H256, String> {
	let mut file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
	let mut builder = FileRootBuilder::new();
	let mut piece = vec![0u8; PIECE];
	loop {
		let n = file.read(&mut piece).map_err(|e| format!("{}: {e}", path.display()))?;
		if n == 0 {
			return Ok(builder.finish());
		}
		builder.update(&piece[..n]);
	}
}

/// Sends `body` as `method` to `/storage/v1/files/0x<root>` of the endpoint `base` (`http://host:port`) and
/// answers the response, or the endpoint's error (status, code and message) if it is not a success.
async fn send(
	base: &str,
	method: Method,
	root: H256,
	body: BoxBody<Bytes, std::io::Error>,
	length: Option<u64>,
) -> Result<hyper::Response<hyper::body::Incoming>, String> {
	let url = format!("{}/storage/v1/files/{root:?}", base.trim_end_matches('/'));
	let uri: Uri = url.parse().map_err(|e| format!("--http {base}: {e}"))?;
	if uri.scheme_str() != Some("http") {
		return Err(format!("--http {base}: an http:// URL (the node's --storage-http address)"));
	}
	let authority = uri.authority().ok_or_else(|| format!("--http {base}: no host"))?.clone();
	let port = authority.port_u16().unwrap_or(80);
	let stream = tokio::net::TcpStream::connect((authority.host(), port))
		.await
		.map_err(|e| format!("{url}: cannot connect: {e}"))?;
	let _ = stream.set_nodelay(true);
	let (mut sender, connection) =
		hyper::client::conn::http1::handshake(TokioIo::new(stream)).await.map_err(|e| format!("{url}: {e}"))?;
	tokio::spawn(async move {
		let _ = connection.await;
	});
	let mut request = Request::builder().method(method).uri(uri.path()).header(header::HOST, authority.as_str());
	if let Some(length) = length {
		request = request.header(header::CONTENT_LENGTH, length);
	}
	let request = request.body(body).map_err(|e| format!("{url}: {e}"))?;
	let response = sender.send_request(request).await.map_err(|e| format!("{url}: {e}"))?;
	if response.status().is_success() {
		return Ok(response);
	}
	let status = response.status();
	let text = read_bounded(response.into_body(), MAX_ERROR_BODY).await;
	Err(http_error(&url, status, &text))
}

/// The body's first `max` bytes (fewer if it fails), as text.
async fn read_bounded(mut body: hyper::body::Incoming, max: usize) -> String {
	let mut bytes = Vec::new();
	while bytes.len() < max {
		match body.frame().await {
			Some(Ok(frame)) => {
				if let Some(data) = frame.data_ref() {
					bytes.extend_from_slice(&data[..data.len().min(max - bytes.len())]);
				}
			},
			_ => break,
		}
	}
	String::from_utf8_lossy(&bytes).into_owned()
}

/// An error answer as the RPC's errors read: the endpoint's message and code from its JSON body, else the body.
fn http_error(url: &str, status: StatusCode, body: &str) -> String {
	match serde_json::from_str::<Value>(body) {
		Ok(json) if json.get("message").is_some() => format!(
			"{url}: {} (code {}, HTTP {status})",
			json["message"].as_str().unwrap_or_default(),
			json.get("code").and_then(Value::as_i64).unwrap_or_default(),
		),
		_ => format!("{url}: HTTP {status}: {}", body.trim()),
	}
}

/// Uploads `path` (file root `root`, `size` bytes) to the endpoint `base` as one streamed `PUT`; answers the
/// node's receipt (as `zgStorage_uploadFinish` answers it).
pub async fn upload(base: &str, path: &Path, root: H256, size: u64) -> Result<Value, String> {
	let mut file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
	let started = Instant::now();
	let mut sent = 0u64;
	let pieces = futures::stream::poll_fn(move |_| {
		let mut piece = vec![0u8; PIECE];
		let n = match file.read(&mut piece) {
			Ok(0) => return std::task::Poll::Ready(None),
			Ok(n) => n,
			Err(e) => return std::task::Poll::Ready(Some(Err(e))),
		};
		piece.truncate(n);
		sent += n as u64;
		progress("upload", sent, size, started);
		std::task::Poll::Ready(Some(Ok(Frame::data(Bytes::from(piece)))))
	});
	let response = send(base, Method::PUT, root, BodyExt::boxed(StreamBody::new(pieces)), Some(size)).await?;
	eprintln!();
	let receipt = response.into_body().collect().await.map_err(|e| format!("the upload's answer: {e}"))?.to_bytes();
	eprintln!("uploaded in {:.1} s", started.elapsed().as_secs_f64());
	serde_json::from_slice(&receipt).map_err(|e| format!("the upload's answer is not JSON: {e}"))
}

/// Downloads file `root` (`size` bytes) from the endpoint `base` into `out` (see the module docs).
pub async fn download(base: &str, root: H256, size: u64, out: &Path) -> Result<(), String> {
	let empty = BodyExt::boxed(Empty::<Bytes>::new().map_err(|never| match never {}));
	let mut response = send(base, Method::GET, root, empty, None).await?;
	let mut file = CheckedFile::create(out, root, size)?;
	// The pieces are hashed and written on a thread of their own while the socket is read here, so that the
	// download runs at the slower of the two, not at their sum; at most PIPELINE pieces wait between them.
	let (pieces, mut arriving) = tokio::sync::mpsc::channel::<Bytes>(PIPELINE);
	let writer = tokio::task::spawn_blocking(move || {
		while let Some(piece) = arriving.blocking_recv() {
			file.write(&piece)?;
		}
		Ok::<_, String>(file)
	});
	let mut received = 0u64;
	let read = async {
		while let Some(frame) = response.body_mut().frame().await {
			let frame = frame.map_err(|e| format!("the download broke off after {received} of {size} bytes: {e}"))?;
			if let Ok(data) = frame.into_data() {
				received += data.len() as u64;
				// Refused only when the writer has stopped (bytes past the file's size among its errors): its
				// error is the one to report.
				if pieces.send(data).await.is_err() {
					break;
				}
			}
		}
		Ok(())
	};
	let read: Result<(), String> = read.await;
	drop(pieces);
	let file = writer.await.map_err(|e| format!("the download's writer failed: {e}"))??;
	read?;
	file.finish()
}

#[cfg(test)]
mod tests {
	use super::*;
	use tokio::io::{AsyncReadExt, AsyncWriteExt};

	/// A one-shot HTTP server answering any request with `response` (head and body as given); answers its
	/// `http://` base URL.
	async fn serve_once(response: Vec<u8>) -> String {
		let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
		let base = format!("http://{}", listener.local_addr().unwrap());
		tokio::spawn(async move {
			let (mut stream, _) = listener.accept().await.unwrap();
			let mut head = vec![0u8; 4096];
			let _ = stream.read(&mut head).await;
			let _ = stream.write_all(&response).await;
			let _ = stream.shutdown().await;
		});
		base
	}

	fn ok(body: &[u8], length: usize) -> Vec<u8> {
		let mut response = format!("HTTP/1.1 200 OK\r\ncontent-length: {length}\r\n\r\n").into_bytes();
		response.extend_from_slice(body);
		response
	}

	struct Dir(std::path::PathBuf);

	impl Drop for Dir {
		fn drop(&mut self) {
			let _ = std::fs::remove_dir_all(&self.0);
		}
	}

	fn dir(name: &str) -> Dir {
		let path = std::env::temp_dir().join(format!("zg-cli-http-{name}-{}", std::process::id()));
		std::fs::create_dir_all(&path).unwrap();
		Dir(path)
	}

	/// A node that serves the right bytes: the file is written. One that serves other bytes of the same length,
	/// or too few, or answers an error: nothing is left at `out`, nor a `.part` file, and the error says why.
	#[tokio::test(flavor = "current_thread")]
	async fn downloads_are_kept_only_whole_and_with_their_root() {
		let data: Vec<u8> = (0..300_000u32).map(|i| (i * 7 + 1) as u8).collect();
		let root = zg_primitives::storage::file_root(&data);
		let size = data.len() as u64;
		let d = dir("download");
		let out = d.0.join("file");

		let base = serve_once(ok(&data, data.len())).await;
		download(&base, root, size, &out).await.unwrap();
		assert_eq!(std::fs::read(&out).unwrap(), data);
		std::fs::remove_file(&out).unwrap();

		let mut forged = data.clone();
		forged[123_456] ^= 1;
		let base = serve_once(ok(&forged, forged.len())).await;
		let e = download(&base, root, size, &out).await.unwrap_err();
		assert!(e.contains("downloaded data has root"), "{e}");

		let base = serve_once(ok(&data[..1000], data.len())).await;
		let e = download(&base, root, size, &out).await.unwrap_err();
		assert!(e.contains("broke off"), "{e}");

		let base = serve_once(ok(&data[..1000], 1000)).await;
		let e = download(&base, root, size, &out).await.unwrap_err();
		assert!(e.contains("broke off after 1000"), "{e}");

		let body = br#"{"code":7001,"message":"file not found"}"#;
		let mut answer = format!("HTTP/1.1 404 Not Found\r\ncontent-length: {}\r\n\r\n", body.len()).into_bytes();
		answer.extend_from_slice(body);
		let base = serve_once(answer).await;
		let e = download(&base, root, size, &out).await.unwrap_err();
		assert!(e.contains("file not found (code 7001, HTTP 404 Not Found)"), "{e}");

		assert!(!out.exists() && !super::super::part_path(&out).exists(), "nothing unchecked is left behind");
		let e = download("https://127.0.0.1:1", root, size, &out).await.unwrap_err();
		assert!(e.contains("an http:// URL"), "{e}");
	}

	/// The root of a file read piece by piece is the file's root.
	#[test]
	fn file_roots_read_in_pieces_are_the_files_roots() {
		let d = dir("root");
		for len in [1usize, 256, PIECE - 1, PIECE + 257, 2 * PIECE] {
			let data: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
			let path = d.0.join(format!("f{len}"));
			std::fs::write(&path, &data).unwrap();
			assert_eq!(file_root_of(&path).unwrap(), zg_primitives::storage::file_root(&data), "{len} bytes");
		}
	}
}
