//! The `ocop` binary: read the environment, run, exit with the outcome's code.

use std::process::ExitCode;

fn main() -> ExitCode {
    let env = ocop::cli::Env::from_process();
    let mut out = std::io::stdout().lock();
    let mut err = std::io::stderr().lock();
    ocop::cli::main(std::env::args_os(), &env, &mut out, &mut err)
}
