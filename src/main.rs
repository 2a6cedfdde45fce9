//! The `mockloop` binary: parses the command line and hands off to `commands`.

mod commands;

use clap::Parser;

fn main() {
    let cli = commands::Cli::parse();
    commands::init_logging(&cli.global);
    if let Err(err) = commands::run(cli) {
        eprintln!("error: {err}");
        for cause in err.chain().skip(1) {
            eprintln!("  caused by: {cause}");
        }
        std::process::exit(1);
    }
}
