//! An S3-compatible server for the media tests: moto's server (PyPI `moto[server]`) on a
//! free loopback port, stopped when the tests are done. A real server speaking the S3
//! protocol over HTTP, never a mock inside the process.

use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::cmd::Result;
use crate::tools;

pub struct S3Server {
    pub endpoint: String,
    child: Child,
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the server and waits until it accepts connections.
pub fn start(root: &Path) -> Result<S3Server> {
    let program = tools::ensure_python_tool(root, "moto[server]==5.2.5", "moto_server")?;
    let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|l| l.local_addr())
        .map_err(|e| format!("no free port for the S3 server: {e}"))?
        .port();
    let child = Command::new(&program)
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("{}: {e}", program.display()))?;
    let server = S3Server {
        endpoint: format!("http://127.0.0.1:{port}"),
        child,
    };
    let started = Instant::now();
    while TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_err() {
        if started.elapsed() > Duration::from_secs(30) {
            return Err("the S3 server did not start within 30 s".into());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Ok(server)
}
