//! A real HTTP server on 127.0.0.1 for the tests, a few lines of `std::net`: each request is
//! logged (path and headers) and answered as the test's handler says, including on purpose
//! badly (a reset, silence, a body without end).
#![allow(dead_code)] // The e2e tests use a part of it.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A request as the server saw it.
#[derive(Debug, Clone)]
pub struct Request {
    pub path: String,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// How to answer.
pub enum Reply {
    /// `200` with this body and headers (`ETag`, `Last-Modified`, `Content-Type`…).
    Body(Vec<u8>, Vec<(&'static str, String)>),
    /// A status with no body (`304`, `500`…).
    Status(u16),
    /// `301` to this path.
    Redirect(String),
    /// Closes the connection unread: the client sees a reset.
    Reset,
    /// Half a body, then the connection closes.
    CutOff,
    /// Reads the request and never answers.
    Silent,
    /// `200` and bytes without end.
    Endless,
    /// `200` and a body of this length, one byte every `interval`: each read is quick, the
    /// whole takes for ever.
    Trickle { length: usize, interval: Duration },
    /// Another success than `200`, with a body (`203` from a proxy that changed it).
    Success(u16, Vec<u8>),
}

type Handler = Box<dyn FnMut(&Request) -> Reply + Send>;

/// A handler that sends `body` with an `ETag` and a `Last-Modified`, and answers `304` to a
/// request that names that `ETag`.
pub fn serving(body: Vec<u8>, etag: &'static str) -> impl FnMut(&Request) -> Reply + Send {
    move |request| {
        if request.header("if-none-match") == Some(etag) {
            return Reply::Status(304);
        }
        Reply::Body(
            body.clone(),
            vec![
                ("ETag", etag.to_owned()),
                ("Last-Modified", "Fri, 27 Dec 2019 10:00:00 GMT".to_owned()),
                ("Content-Type", "application/json".to_owned()),
            ],
        )
    }
}

pub struct Server {
    port: u16,
    log: Arc<Mutex<Vec<Request>>>,
    handler: Arc<Mutex<Handler>>,
    stopped: Arc<AtomicBool>,
}

impl Server {
    pub fn start(handler: impl FnMut(&Request) -> Reply + Send + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let port = listener.local_addr().unwrap().port();
        let server = Self {
            port,
            log: Arc::default(),
            handler: Arc::new(Mutex::new(Box::new(handler))),
            stopped: Arc::default(),
        };
        let (log, handler, stopped) = (
            Arc::clone(&server.log),
            Arc::clone(&server.handler),
            Arc::clone(&server.stopped),
        );
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopped.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let (log, handler) = (Arc::clone(&log), Arc::clone(&handler));
                std::thread::spawn(move || serve(stream, &log, &handler));
            }
        });
        server
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Every request so far.
    pub fn requests(&self) -> Vec<Request> {
        self.log.lock().unwrap().clone()
    }

    /// Answers from now on as `handler` says.
    pub fn answer(&self, handler: impl FnMut(&Request) -> Reply + Send + 'static) {
        *self.handler.lock().unwrap() = Box::new(handler);
    }

    /// Stops listening: connecting is refused from now on.
    pub fn stop(&self) {
        self.stopped.store(true, Ordering::SeqCst);
        // Wakes the accepting thread so that it drops the listener.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        for _ in 0..100 {
            if TcpStream::connect(("127.0.0.1", self.port)).is_err() {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        panic!("the test server did not stop");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if !self.stopped.load(Ordering::SeqCst) {
            self.stopped.store(true, Ordering::SeqCst);
            let _ = TcpStream::connect(("127.0.0.1", self.port));
        }
    }
}

fn serve(mut stream: TcpStream, log: &Mutex<Vec<Request>>, handler: &Mutex<Handler>) {
    let Some(request) = read_request(&mut stream) else {
        return;
    };
    log.lock().unwrap().push(request.clone());
    let reply = (handler.lock().unwrap())(&request);
    let _ = answer(&mut stream, reply);
}

/// Reads up to the blank line; a request's head is all these tests send.
fn read_request(stream: &mut TcpStream) -> Option<Request> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte).ok()? == 0 {
            return None;
        }
        head.push(byte[0]);
        if head == [0x16] {
            // A TLS handshake: a plain HTTP server answers it with a 400, as any would.
            let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
            return None;
        }
    }
    let text = String::from_utf8_lossy(&head);
    let mut lines = text.split("\r\n");
    let path = lines.next()?.split(' ').nth(1)?.to_owned();
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    Some(Request { path, headers })
}

fn answer(stream: &mut TcpStream, reply: Reply) -> std::io::Result<()> {
    match reply {
        Reply::Body(body, headers) => {
            let mut head = format!(
                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n",
                body.len()
            );
            for (name, value) in headers {
                head.push_str(&format!("{name}: {value}\r\n"));
            }
            stream.write_all(format!("{head}\r\n").as_bytes())?;
            stream.write_all(&body)?;
        }
        Reply::Status(code) => write!(
            stream,
            "HTTP/1.1 {code} Status\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        )?,
        Reply::Redirect(to) => write!(
            stream,
            "HTTP/1.1 301 Moved Permanently\r\nLocation: {to}\r\nContent-Length: 0\r\n\
             Connection: close\r\n\r\n"
        )?,
        Reply::Reset => {
            // SO_LINGER 0 makes the close send RST, not FIN.
            reset_on_close(stream);
            return Ok(());
        }
        Reply::CutOff => {
            stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n{\"sched")?;
        }
        Reply::Silent => std::thread::sleep(Duration::from_secs(30)),
        Reply::Trickle { length, interval } => {
            write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Length: {length}\r\nConnection: close\r\n\r\n"
            )?;
            for _ in 0..length {
                stream.write_all(b" ")?;
                stream.flush()?;
                std::thread::sleep(interval);
            }
        }
        Reply::Success(code, body) => {
            write!(
                stream,
                "HTTP/1.1 {code} Fine\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            )?;
            stream.write_all(&body)?;
        }
        Reply::Endless => {
            stream.write_all(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n")?;
            let chunk = vec![b' '; 64 * 1024];
            loop {
                stream.write_all(&chunk)?;
            }
        }
    }
    stream.flush()
}

/// Makes closing the socket send a reset.
fn reset_on_close(stream: &TcpStream) {
    use std::os::fd::AsRawFd as _;
    let linger = libc::linger {
        l_onoff: 1,
        l_linger: 0,
    };
    // SAFETY: a valid socket and a `linger` of the size given.
    let result = unsafe {
        libc::setsockopt(
            stream.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_LINGER,
            (&raw const linger).cast(),
            std::mem::size_of::<libc::linger>() as libc::socklen_t,
        )
    };
    assert_eq!(result, 0, "setsockopt SO_LINGER");
}
