//! Where the explorer's events come from. On Unix, lotse reads the terminal itself: its own
//! decoder (`decode`) takes each byte sequence whole, and the reader waits on the terminal and
//! on window-size changes (SIGWINCH), as crossterm's does. Elsewhere crossterm's reader serves.
//! The event loop sees only [`EventSource`], so tests can feed it a script.

use std::io;
use std::time::Duration;

use crossterm::event::Event;

#[cfg(unix)]
mod decode;

/// A source of terminal events for the event loop.
pub trait EventSource {
    /// Waits up to `timeout` until an event is ready; says whether one is.
    fn poll(&mut self, timeout: Duration) -> io::Result<bool>;
    /// The next event, waiting for it as long as it takes.
    fn read(&mut self) -> io::Result<Event>;
}

#[cfg(unix)]
pub use reader::TerminalInput;

#[cfg(unix)]
mod reader {
    use std::collections::VecDeque;
    use std::io::{self, IsTerminal as _, Read as _};
    use std::os::fd::{AsFd as _, AsRawFd as _, OwnedFd};
    use std::os::unix::net::UnixStream;
    use std::time::{Duration, Instant};

    use super::EventSource;

    use crossterm::event::Event;

    use super::decode::Decoder;

    /// The terminal's input: key, mouse and paste events from its bytes, and a resize event
    /// whenever the window changes size (SIGWINCH).
    pub struct TerminalInput {
        tty: std::fs::File,
        resized: UnixStream,
        _resize_signal: signal_hook::SigId,
        decoder: Decoder,
        ready: VecDeque<Event>,
    }

    impl TerminalInput {
        /// Reads standard input when it is the terminal, else the controlling terminal.
        pub fn open() -> io::Result<Self> {
            let stdin = io::stdin();
            let tty = if stdin.is_terminal() {
                let fd: OwnedFd = stdin.as_fd().try_clone_to_owned()?;
                std::fs::File::from(fd)
            } else {
                std::fs::File::open("/dev/tty")?
            };
            let (resized, on_resize) = UnixStream::pair()?;
            resized.set_nonblocking(true)?;
            let resize_signal =
                signal_hook::low_level::pipe::register(signal_hook::consts::SIGWINCH, on_resize)?;
            Ok(Self {
                tty,
                resized,
                _resize_signal: resize_signal,
                decoder: Decoder::default(),
                ready: VecDeque::new(),
            })
        }

        /// Waits for input or a resize (up to `timeout`, for ever with `None`) and decodes
        /// what came.
        fn fill(&mut self, timeout: Option<Duration>) -> io::Result<()> {
            let mut fds = [
                libc::pollfd {
                    fd: self.tty.as_raw_fd(),
                    events: libc::POLLIN,
                    revents: 0,
                },
                libc::pollfd {
                    fd: self.resized.as_raw_fd(),
                    events: libc::POLLIN,
                    revents: 0,
                },
            ];
            // Rounded up: a wait of less than a millisecond is one, not a busy loop of zeros.
            let millis = timeout.map_or(-1, |t| {
                i32::try_from(t.as_micros().div_ceil(1000)).unwrap_or(i32::MAX)
            });
            // SAFETY: `fds` is a valid array of two pollfd structs for the length given.
            let result = unsafe { libc::poll(fds.as_mut_ptr(), 2, millis) };
            if result < 0 {
                let error = io::Error::last_os_error();
                // A signal (a resize, a stop and continue) woke the wait: nothing to read yet.
                return if error.kind() == io::ErrorKind::Interrupted {
                    Ok(())
                } else {
                    Err(error)
                };
            }
            if fds[1].revents & libc::POLLIN != 0 {
                let mut drained = [0u8; 64];
                while matches!(self.resized.read(&mut drained), Ok(n) if n > 0) {}
                let (width, height) = crossterm::terminal::size()?;
                self.ready.push_back(Event::Resize(width, height));
            }
            if fds[0].revents & (libc::POLLIN | libc::POLLHUP | libc::POLLERR) != 0 {
                let mut buffer = [0u8; 4096];
                let read = self.tty.read(&mut buffer)?;
                if read == 0 {
                    return Err(io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        "the terminal closed",
                    ));
                }
                let more = read == buffer.len();
                self.ready.extend(self.decoder.feed(&buffer[..read], more));
            }
            Ok(())
        }
    }

    impl EventSource for TerminalInput {
        fn poll(&mut self, timeout: Duration) -> io::Result<bool> {
            let deadline = Instant::now() + timeout;
            while self.ready.is_empty() {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    return Ok(false);
                }
                self.fill(Some(left))?;
            }
            Ok(true)
        }

        fn read(&mut self) -> io::Result<Event> {
            loop {
                if let Some(event) = self.ready.pop_front() {
                    return Ok(event);
                }
                self.fill(None)?;
            }
        }
    }
}

#[cfg(not(unix))]
pub use crossterm_reader::TerminalInput;

#[cfg(not(unix))]
mod crossterm_reader {
    use std::io;
    use std::time::Duration;

    use crossterm::event::Event;

    /// crossterm's reader, where lotse has no decoder of its own.
    pub struct TerminalInput;

    impl TerminalInput {
        pub fn open() -> io::Result<Self> {
            Ok(Self)
        }
    }

    impl super::EventSource for TerminalInput {
        fn poll(&mut self, timeout: Duration) -> io::Result<bool> {
            crossterm::event::poll(timeout)
        }

        fn read(&mut self) -> io::Result<Event> {
            crossterm::event::read()
        }
    }
}
