use super::GlobalOpts;

#[derive(clap::Args, Debug)]
pub struct Args {}

pub fn run(_g: &GlobalOpts, _a: Args) -> anyhow::Result<()> {
    anyhow::bail!("this command is being built (in progress on a branch)")
}
