//! A minimal HTTP/1.1 server and client over `std::net`, enough for the compute worker's conversations: the node's
//! off-chain worker posting SCALE-encoded work requests to it on localhost, it calling the node's JSON-RPC (storage
//! downloads and uploads, channel state), and the inference gateway's OpenAI-style clients (headers, and answers
//! streamed as chunks: [`serve_replies`]). Bounded: request heads of at most 8 KiB, bodies of at most `max_body`
//! bytes, a read and write timeout per connection, the whole request (head and body) within [`REQUEST_DEADLINE`]
//! however slowly its bytes trickle in, one request per connection, `threads` connections at once. A handler that
//! panics answers nothing on its connection and leaves the thread serving the next.

use std::{
	io::{BufRead, BufReader, Read, Write},
	net::{TcpListener, TcpStream, ToSocketAddrs},
	time::{Duration, Instant},
};

/// How long a client has to send a whole request, head and body: a client sending a byte now and then would
/// otherwise hold one of the server's `threads` for as long as it likes.
pub const REQUEST_DEADLINE: Duration = Duration::from_millis(if cfg!(test) { 1_000 } else { 30_000 });

/// The longest wait for any one read or write.
const IO_TIMEOUT: Duration = Duration::from_secs(10);

/// A connection read until a deadline: each read waits at most what is left of it.
struct Deadline {
	stream: TcpStream,
	until: Instant,
}

impl Read for Deadline {
	fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
		let left = self.until.saturating_duration_since(Instant::now());
		if left.is_zero() {
			return Err(std::io::Error::new(std::io::ErrorKind::TimedOut, "the request took too long to arrive"));
		}
		self.stream.set_read_timeout(Some(left.min(IO_TIMEOUT)))?;
		self.stream.read(buf)
	}
}

/// A request the server received.
pub struct Request {
	/// `GET`, `POST`, …
	pub method: String,
	/// The path.
	pub path: String,
	/// The headers, names in lower case.
	pub headers: Vec<(String, String)>,
	/// The body.
	pub body: Vec<u8>,
}

impl Request {
	/// The value of header `name` (lower case).
	pub fn header(&self, name: &str) -> Option<&str> {
		self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
	}
}

/// Writes one piece of a streamed answer.
pub type Sink<'a> = dyn FnMut(&[u8]) -> std::io::Result<()> + 'a;

/// An answer's body: all of it, or written piece by piece (sent as HTTP chunks as they come).
pub enum ReplyBody {
	/// The whole body.
	Full(Vec<u8>),
	/// A body written by the function, which stops early when a write fails (the client left).
	Stream(Box<dyn FnOnce(&mut Sink) + Send>),
}

/// An answer with headers and a body that may be streamed.
pub struct Reply {
	/// The status code.
	pub code: u16,
	/// The content type.
	pub content_type: &'static str,
	/// More headers.
	pub headers: Vec<(String, String)>,
	/// The body.
	pub body: ReplyBody,
}

impl From<Response> for Reply {
	fn from(r: Response) -> Self {
		Reply { code: r.code, content_type: r.content_type, headers: Vec::new(), body: ReplyBody::Full(r.body) }
	}
}

/// An HTTP status and body.
pub struct Response {
	/// The status code.
	pub code: u16,
	/// The content type.
	pub content_type: &'static str,
	/// The body.
	pub body: Vec<u8>,
}

const MAX_HEAD: usize = 8 * 1024;

fn reason(code: u16) -> &'static str {
	match code {
		200 => "OK",
		400 => "Bad Request",
		402 => "Payment Required",
		403 => "Forbidden",
		404 => "Not Found",
		405 => "Method Not Allowed",
		413 => "Payload Too Large",
		429 => "Too Many Requests",
		500 => "Internal Server Error",
		503 => "Service Unavailable",
		_ => "Error",
	}
}

/// Reads a head (status or request line and headers) and answers its lines.
fn read_head(reader: &mut impl BufRead) -> std::io::Result<Vec<String>> {
	let mut lines = Vec::new();
	let mut total = 0;
	loop {
		let mut line = String::new();
		let n = reader.by_ref().take((MAX_HEAD - total) as u64 + 1).read_line(&mut line)?;
		total += n;
		if n == 0 || total > MAX_HEAD {
			return Err(std::io::Error::new(std::io::ErrorKind::InvalidData, "head too long or cut"));
		}
		let line = line.trim_end().to_string();
		if line.is_empty() {
			return Ok(lines);
		}
		lines.push(line);
	}
}

fn content_length(lines: &[String]) -> Option<usize> {
	lines.iter().skip(1).find_map(|l| {
		let (name, value) = l.split_once(':')?;
		name.trim().eq_ignore_ascii_case("content-length").then(|| value.trim().parse().ok())?
	})
}

fn chunked(lines: &[String]) -> bool {
	lines.iter().skip(1).any(|l| {
		l.split_once(':').is_some_and(|(name, value)| {
			name.trim().eq_ignore_ascii_case("transfer-encoding") && value.to_ascii_lowercase().contains("chunked")
		})
	})
}

/// Reads a `transfer-encoding: chunked` body of at most `max_body` bytes (`None`: malformed or too large).
fn read_chunked(reader: &mut impl BufRead, max_body: usize) -> Option<Result<Vec<u8>, ()>> {
	let mut body = Vec::new();
	loop {
		let mut size_line = String::new();
		reader.by_ref().take(64).read_line(&mut size_line).ok()?;
		let size = usize::from_str_radix(size_line.trim().split(';').next()?.trim(), 16).ok()?;
		if size == 0 {
			// Trailers, up to the empty line.
			read_head_lines(reader).ok()?;
			return Some(Ok(body));
		}
		// A size line is a hex number from the client: up to `usize::MAX`, which must not wrap the sum.
		if body.len().checked_add(size).is_none_or(|total| total > max_body) {
			return Some(Err(()));
		}
		let start = body.len();
		body.resize(start + size, 0);
		reader.read_exact(&mut body[start..]).ok()?;
		let mut crlf = [0u8; 2];
		reader.read_exact(&mut crlf).ok()?;
	}
}

fn read_head_lines(reader: &mut impl BufRead) -> std::io::Result<()> {
	loop {
		let mut line = String::new();
		if reader.by_ref().take(MAX_HEAD as u64).read_line(&mut line)? == 0 || line.trim().is_empty() {
			return Ok(());
		}
	}
}

fn headers(lines: &[String]) -> Vec<(String, String)> {
	lines
		.iter()
		.skip(1)
		.filter_map(|l| l.split_once(':').map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string())))
		.collect()
}

fn handle(mut stream: TcpStream, max_body: usize, serve: &(impl Fn(Request) -> Reply + Sync)) {
	let _ = stream.set_write_timeout(Some(IO_TIMEOUT));
	let mut reader = BufReader::new(match stream.try_clone() {
		Ok(stream) => Deadline { stream, until: Instant::now() + REQUEST_DEADLINE },
		Err(_) => return,
	});
	let response = (|| {
		let lines = read_head(&mut reader).ok()?;
		let mut first = lines.first()?.split_whitespace();
		let (method, path) = (first.next()?.to_string(), first.next()?.to_string());
		let too_large = || -> Reply { Response { code: 413, content_type: "text/plain", body: b"body too large".to_vec() }.into() };
		let body = if chunked(&lines) {
			match read_chunked(&mut reader, max_body)? {
				Ok(body) => body,
				Err(()) => return Some(too_large()),
			}
		} else {
			let len = content_length(&lines).unwrap_or(0);
			if len > max_body {
				return Some(too_large());
			}
			let mut body = vec![0u8; len];
			reader.read_exact(&mut body).ok()?;
			body
		};
		let headers = headers(&lines);
		Some(serve(Request { method, path, headers, body }))
	})()
	.unwrap_or_else(|| Response { code: 400, content_type: "text/plain", body: b"bad request".to_vec() }.into());
	let mut head = format!("HTTP/1.1 {} {}\r\ncontent-type: {}\r\n", response.code, reason(response.code), response.content_type);
	for (name, value) in &response.headers {
		head.push_str(&format!("{name}: {value}\r\n"));
	}
	match response.body {
		ReplyBody::Full(body) => {
			head.push_str(&format!("content-length: {}\r\nconnection: close\r\n\r\n", body.len()));
			let _ = stream.write_all(head.as_bytes()).and_then(|_| stream.write_all(&body));
		},
		ReplyBody::Stream(write) => {
			head.push_str("transfer-encoding: chunked\r\nconnection: close\r\n\r\n");
			if stream.write_all(head.as_bytes()).is_err() {
				return;
			}
			let mut sink = |piece: &[u8]| -> std::io::Result<()> {
				if piece.is_empty() {
					return Ok(());
				}
				stream.write_all(format!("{:x}\r\n", piece.len()).as_bytes())?;
				stream.write_all(piece)?;
				stream.write_all(b"\r\n")?;
				stream.flush()
			};
			write(&mut sink);
			let _ = stream.write_all(b"0\r\n\r\n");
		},
	}
}

/// Serves `listener` forever with `threads` threads, each taking one connection at a time.
pub fn serve(
	listener: TcpListener,
	threads: usize,
	max_body: usize,
	serve: impl Fn(Request) -> Response + Send + Sync + 'static,
) {
	serve_replies(listener, threads, max_body, move |request| serve(request).into())
}

/// [`serve`] with answers that carry headers and may be streamed.
pub fn serve_replies(
	listener: TcpListener,
	threads: usize,
	max_body: usize,
	serve: impl Fn(Request) -> Reply + Send + Sync + 'static,
) {
	let serve = std::sync::Arc::new(serve);
	let listener = std::sync::Arc::new(listener);
	let handles: Vec<_> = (0..threads.max(1))
		.map(|_| {
			let (listener, serve) = (listener.clone(), serve.clone());
			std::thread::spawn(move || loop {
				match listener.accept() {
					Ok((stream, peer)) => {
						// A panic in a handler must not take the thread with it: `threads` of them would stop
						// the server for good. The connection is dropped unanswered.
						let served = std::panic::AssertUnwindSafe(|| handle(stream, max_body, &*serve));
						if std::panic::catch_unwind(served).is_err() {
							log::error!("the request from {peer} panicked; its connection was closed");
						}
					},
					Err(e) => log::warn!("accept failed: {e}"),
				}
			})
		})
		.collect();
	for h in handles {
		let _ = h.join();
	}
}

/// Posts `body` to `http://host:port/path` and answers the status and body (at most `max_body` bytes).
pub fn post(url: &str, content_type: &str, body: &[u8], max_body: usize, timeout: Duration) -> Result<(u16, Vec<u8>), String> {
	post_with(url, content_type, &[], body, max_body, timeout)
}

/// [`post`] with more request headers.
pub fn post_with(
	url: &str,
	content_type: &str,
	headers: &[(&str, &str)],
	body: &[u8],
	max_body: usize,
	timeout: Duration,
) -> Result<(u16, Vec<u8>), String> {
	let rest = url.strip_prefix("http://").ok_or_else(|| format!("{url}: only http:// URLs"))?;
	let (authority, path) = match rest.find('/') {
		Some(i) => (&rest[..i], &rest[i..]),
		None => (rest, "/"),
	};
	let addr = authority
		.to_socket_addrs()
		.map_err(|e| format!("{authority}: {e}"))?
		.next()
		.ok_or_else(|| format!("{authority}: no address"))?;
	let mut stream = TcpStream::connect_timeout(&addr, timeout).map_err(|e| format!("{url}: {e}"))?;
	stream.set_read_timeout(Some(timeout)).map_err(|e| e.to_string())?;
	stream.set_write_timeout(Some(timeout)).map_err(|e| e.to_string())?;
	let extra: String = headers.iter().map(|(name, value)| format!("{name}: {value}\r\n")).collect();
	let head = format!(
		"POST {path} HTTP/1.1\r\nhost: {authority}\r\ncontent-type: {content_type}\r\n{extra}content-length: {}\r\nconnection: close\r\n\r\n",
		body.len()
	);
	stream.write_all(head.as_bytes()).and_then(|_| stream.write_all(body)).map_err(|e| format!("{url}: {e}"))?;
	let mut reader = BufReader::new(stream);
	let lines = read_head(&mut reader).map_err(|e| format!("{url}: {e}"))?;
	let code = lines
		.first()
		.and_then(|l| l.split_whitespace().nth(1))
		.and_then(|c| c.parse().ok())
		.ok_or_else(|| format!("{url}: no status"))?;
	let mut out = Vec::new();
	match content_length(&lines) {
		Some(len) if len > max_body => return Err(format!("{url}: answer of {len} bytes is too large")),
		Some(len) => {
			out.resize(len, 0);
			reader.read_exact(&mut out).map_err(|e| format!("{url}: {e}"))?;
		},
		None => {
			reader.take(max_body as u64 + 1).read_to_end(&mut out).map_err(|e| format!("{url}: {e}"))?;
			if out.len() > max_body {
				return Err(format!("{url}: answer too large"));
			}
		},
	}
	Ok((code, out))
}

/// Calls a JSON-RPC method over HTTP and answers its `result`.
pub fn json_rpc(url: &str, method: &str, params: serde_json::Value, max_body: usize) -> Result<serde_json::Value, String> {
	let request = serde_json::json!({ "jsonrpc": "2.0", "id": 1, "method": method, "params": params });
	let (code, body) = post(url, "application/json", request.to_string().as_bytes(), max_body, Duration::from_secs(60))?;
	let answer: serde_json::Value =
		serde_json::from_slice(&body).map_err(|e| format!("{method}: HTTP {code}, not JSON: {e}"))?;
	if let Some(error) = answer.get("error") {
		return Err(format!("{method}: {error}"));
	}
	answer.get("result").cloned().ok_or_else(|| format!("{method}: no result"))
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn the_server_answers_posts_and_refuses_oversized_bodies() {
		let listener = TcpListener::bind("127.0.0.1:0").unwrap();
		let addr = listener.local_addr().unwrap();
		std::thread::spawn(move || {
			serve(listener, 2, 1024, |req| Response {
				code: 200,
				content_type: "application/octet-stream",
				body: [req.method.as_bytes(), b" ", req.path.as_bytes(), b" ", &req.body].concat(),
			})
		});
		let url = format!("http://{addr}/work");
		let (code, body) = post(&url, "x", b"hello", 1024, Duration::from_secs(5)).unwrap();
		assert_eq!((code, body), (200, b"POST /work hello".to_vec()));
		let (code, _) = post(&url, "x", &[0u8; 2048], 1024, Duration::from_secs(5)).unwrap();
		assert_eq!(code, 413);
		assert!(post("http://127.0.0.1:1/x", "x", b"", 10, Duration::from_millis(200)).is_err());
		// A chunked body (as the node's off-chain HTTP client sends one).
		let mut stream = TcpStream::connect(addr).unwrap();
		stream
			.write_all(b"POST /work HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n")
			.unwrap();
		let mut answer = String::new();
		stream.read_to_string(&mut answer).unwrap();
		assert!(answer.starts_with("HTTP/1.1 200") && answer.ends_with("POST /work abcde"), "{answer}");
	}

	/// Sends `request` and answers what came back (empty if the connection closed unanswered).
	fn exchange(addr: std::net::SocketAddr, request: &[u8]) -> String {
		let mut stream = TcpStream::connect(addr).unwrap();
		stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
		stream.write_all(request).unwrap();
		let mut answer = Vec::new();
		let _ = stream.read_to_end(&mut answer);
		String::from_utf8_lossy(&answer).into_owned()
	}

	#[test]
	fn a_chunk_size_that_overflows_is_refused_and_a_panicking_handler_leaves_the_server_up() {
		let listener = TcpListener::bind("127.0.0.1:0").unwrap();
		let addr = listener.local_addr().unwrap();
		// One thread: had either request killed it, the last one would never be answered.
		std::thread::spawn(move || {
			serve(listener, 1, 1024, |req| {
				assert!(req.path != "/panic", "a handler's bug");
				Response { code: 200, content_type: "text/plain", body: req.body }
			})
		});
		// 1 byte, then a chunk of usize::MAX bytes: the sum must not wrap past the limit.
		let huge = exchange(
			addr,
			b"POST /x HTTP/1.1\r\ntransfer-encoding: chunked\r\n\r\n1\r\na\r\nffffffffffffffff\r\nb\r\n0\r\n\r\n",
		);
		assert!(huge.starts_with("HTTP/1.1 413"), "{huge}");
		assert_eq!(exchange(addr, b"POST /panic HTTP/1.1\r\ncontent-length: 0\r\n\r\n"), "");
		let fine = exchange(addr, b"POST /x HTTP/1.1\r\ncontent-length: 2\r\n\r\nok");
		assert!(fine.starts_with("HTTP/1.1 200") && fine.ends_with("ok"), "{fine}");
	}

	#[test]
	fn a_client_that_trickles_its_request_loses_the_connection_at_the_deadline() {
		let listener = TcpListener::bind("127.0.0.1:0").unwrap();
		let addr = listener.local_addr().unwrap();
		std::thread::spawn(move || {
			serve(listener, 1, 1024, |req| Response { code: 200, content_type: "text/plain", body: req.body })
		});
		// A byte every 100 ms never trips a read timeout; without a deadline for the whole request this client
		// would hold the server's only thread for as long as it kept sending.
		let slow = std::thread::spawn(move || {
			let mut stream = TcpStream::connect(addr).unwrap();
			let started = Instant::now();
			for byte in b"POST /x HTTP/1.1\r\nx-padding: ".iter().chain([b'a'; 200].iter()) {
				if stream.write_all(&[*byte]).is_err() {
					break;
				}
				std::thread::sleep(Duration::from_millis(100));
			}
			started.elapsed()
		});
		std::thread::sleep(Duration::from_millis(200));
		let started = Instant::now();
		let answer = exchange(addr, b"POST /x HTTP/1.1\r\ncontent-length: 2\r\n\r\nok");
		assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
		// Served once the trickling client's deadline passed, long before it would have finished (23 s).
		assert!(started.elapsed() < REQUEST_DEADLINE * 5, "answered after {:?}", started.elapsed());
		assert!(slow.join().unwrap() < Duration::from_secs(20), "the slow client was cut off");
	}

	#[test]
	fn streamed_replies_go_out_as_chunks_with_their_headers() {
		let listener = TcpListener::bind("127.0.0.1:0").unwrap();
		let addr = listener.local_addr().unwrap();
		std::thread::spawn(move || {
			serve_replies(listener, 1, 1024, |request| Reply {
				code: 200,
				content_type: "text/event-stream",
				headers: vec![("x-seen".into(), request.header("x-voucher").unwrap_or("none").into())],
				body: ReplyBody::Stream(Box::new(|sink: &mut Sink| {
					for piece in [&b"data: a\n\n"[..], b"", b"data: bc\n\n"] {
						sink(piece).unwrap();
					}
				})),
			})
		});
		let mut stream = TcpStream::connect(addr).unwrap();
		stream.write_all(b"GET / HTTP/1.1\r\nX-Voucher: v1\r\n\r\n").unwrap();
		let mut answer = String::new();
		stream.read_to_string(&mut answer).unwrap();
		assert!(answer.starts_with("HTTP/1.1 200 OK\r\n"), "{answer}");
		assert!(answer.contains("x-seen: v1\r\n"), "{answer}");
		assert!(answer.contains("transfer-encoding: chunked\r\n"), "{answer}");
		assert!(answer.ends_with("\r\n\r\n9\r\ndata: a\n\n\r\na\r\ndata: bc\n\n\r\n0\r\n\r\n"), "{answer:?}");
	}
}
