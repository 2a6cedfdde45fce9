//! `mockloop history`: one line per saved session.

use super::review::{print, use_color, SessionsArg};
use super::GlobalOpts;
use mockloop::review::terminal;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub sessions: SessionsArg,
    /// Print the sessions' summaries as JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

pub fn run(_g: &GlobalOpts, a: Args) -> anyhow::Result<()> {
    let h = a.sessions.history()?;
    if a.json {
        let v: Vec<serde_json::Value> = h
            .sessions
            .iter()
            .map(|(id, r)| match r {
                Ok(s) => {
                    let mut v = serde_json::to_value(s).unwrap_or_default();
                    if let Some(o) = v.as_object_mut() {
                        o.remove("answer_rows");
                    }
                    v
                }
                Err(e) => serde_json::json!({"id": id, "damaged": e}),
            })
            .collect();
        let mut s = serde_json::to_string_pretty(&v)?;
        s.push('\n');
        return print(&s);
    }
    print(&terminal::render_history(&h, use_color()))
}
