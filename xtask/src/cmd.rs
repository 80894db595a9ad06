//! Running commands: echo them, fail with a clear message when they fail.

use std::ffi::OsStr;
use std::path::Path;
use std::process::{Command, Stdio};

pub type Result<T = ()> = std::result::Result<T, String>;

pub struct Cmd(Command);

impl Cmd {
    pub fn new(program: impl AsRef<OsStr>) -> Cmd {
        Cmd(Command::new(program))
    }

    pub fn args<I, S>(mut self, args: I) -> Cmd
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.0.args(args);
        self
    }

    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Cmd {
        self.0.arg(arg);
        self
    }

    pub fn env(mut self, key: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> Cmd {
        self.0.env(key, value);
        self
    }

    pub fn dir(mut self, dir: impl AsRef<Path>) -> Cmd {
        self.0.current_dir(dir);
        self
    }

    fn describe(&self) -> String {
        let mut line = self.0.get_program().to_string_lossy().into_owned();
        for arg in self.0.get_args() {
            line.push(' ');
            line.push_str(&arg.to_string_lossy());
        }
        line
    }

    /// Runs with inherited output; an unsuccessful exit is an error.
    pub fn run(mut self) -> Result {
        let line = self.describe();
        eprintln!("$ {line}");
        let status = self.0.status().map_err(|e| format!("{line}: {e}"))?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("{line}: {status}"))
        }
    }

    /// Runs quietly and returns stdout; an unsuccessful exit is an error.
    pub fn read(mut self) -> Result<String> {
        let line = self.describe();
        let output = self
            .0
            .stderr(Stdio::inherit())
            .output()
            .map_err(|e| format!("{line}: {e}"))?;
        if !output.status.success() {
            return Err(format!("{line}: {}", output.status));
        }
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    }

    /// True when the command runs and succeeds; output discarded.
    pub fn succeeds(mut self) -> bool {
        self.0
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    }
}

/// `cargo` as this cargo invocation found it, run at the project root.
pub fn cargo(root: &Path) -> Cmd {
    Cmd::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into())).dir(root)
}

pub fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}
