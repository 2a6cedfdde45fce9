//! `mockloop practice`: the spoken mock interview. Ask, record, transcribe while the person
//! speaks, show the analysis, ask a follow-up, and keep everything in a session folder.

use std::collections::VecDeque;
use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use anyhow::{bail, Context};

use super::transcribe::EngineArgs;
use super::GlobalOpts;
use mockloop::audio::capture::RecordOptions;
use mockloop::follow_up::choose_follow_up;
use mockloop::practice::{pending_answer, run_answer, ActiveStop, AnswerJob, AnswerSource};
use mockloop::questions::{random_seed, Filter, QuestionBank};
use mockloop::report;
use mockloop::session::{SessionDir, SessionStore};
use mockloop::speak::Speaker;
use mockloop::types::{Answer, Attempt, FollowUp, Question, SessionQuestion, StopReason};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Your role: picks questions for it (pm, csm, engineer, or any).
    #[arg(long, default_value = "any")]
    pub role: String,
    /// Interview round, e.g. phone-screen, bar-raiser, product-design (see `mockloop questions`).
    #[arg(long)]
    pub round: Option<String>,
    /// Leadership Principle to practise (repeatable), e.g. --principle "Customer Obsession".
    #[arg(long)]
    pub principle: Vec<String>,
    /// Number of questions.
    #[arg(long, default_value_t = 3)]
    pub count: usize,
    /// Time limit per answer in seconds (default: the question's own, usually 120).
    #[arg(long, value_name = "SECS")]
    pub time_limit: Option<u32>,
    /// Don't read questions aloud; just print them.
    #[arg(long)]
    pub no_speak: bool,
    /// Microphone to record from (see `mockloop devices`).
    #[arg(long, value_name = "NAME")]
    pub input_device: Option<String>,
    /// Seed for question choice and follow-up wording (same seed, same interview).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Where sessions are saved (default: the data directory's sessions/).
    #[arg(long, value_name = "DIR")]
    pub sessions: Option<PathBuf>,
    /// Answer from a recording instead of the microphone. Repeatable: each answer and each
    /// follow-up takes the next file, in order.
    #[arg(long, value_name = "WAV")]
    pub answer_file: Vec<PathBuf>,
    /// Question bank folder of TOML files (default: the built-in bank).
    #[arg(long, value_name = "DIR", env = "MOCKLOOP_PROMPTS")]
    pub prompts: Option<PathBuf>,
    /// Seconds of silence after you have spoken that end the answer.
    #[arg(long, value_name = "SECS", default_value_t = 3.0)]
    pub silence_stop: f32,
    /// Skip the follow-up question.
    #[arg(long)]
    pub no_follow_up: bool,
    #[command(flatten)]
    pub engine: EngineArgs,
}

/// Set by Ctrl-C: finish the current recording cleanly, save, and stop.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

struct Ui {
    interactive: bool,
    color: bool,
    quiet: bool,
    speaker: Option<Speaker>,
    warned_tts: bool,
}

impl Ui {
    fn say(&mut self, text: &str) {
        if let Some(sp) = self.speaker.as_mut() {
            if let Err(e) = sp.say(text) {
                self.tts_failed(&e.to_string());
            }
        }
    }

    fn tts_failed(&mut self, why: &str) {
        if !self.warned_tts {
            eprintln!("warning: {why}; questions will only be printed.");
            self.warned_tts = true;
        }
        self.speaker = None;
    }

    fn ask_key(&self) -> char {
        if !self.interactive {
            return 'n';
        }
        eprint!("[r] retry this question  [n] next  [q] quit > ");
        std::io::stderr().flush().ok();
        let mut line = String::new();
        if std::io::stdin().lock().read_line(&mut line).unwrap_or(0) == 0 {
            return 'q';
        }
        line.trim()
            .chars()
            .next()
            .map_or('n', |c| c.to_ascii_lowercase())
    }
}

pub fn run(g: &GlobalOpts, a: Args) -> anyhow::Result<()> {
    let bank = QuestionBank::load(a.prompts.as_deref())?;
    let questions = pick_questions(&bank, &a)?;
    if a.count == 0 {
        bail!("--count must be at least 1");
    }
    let seed = a.seed.unwrap_or_else(random_seed);
    let mut files: VecDeque<PathBuf> = a.answer_file.iter().cloned().collect();
    for f in &files {
        // Fail before the interview starts, not in the middle of it.
        mockloop::audio::decode::read_wav_raw(f)?;
    }
    let model = super::model::ensure_model(g)?;
    let mut tr = Some(
        mockloop::transcribe::Transcriber::load(&model, a.engine.options())
            .context("loading the whisper model")?,
    );
    let store = SessionStore::new(
        a.sessions
            .clone()
            .unwrap_or_else(mockloop::paths::sessions_dir),
    );
    let mut session = store.create(tr.as_ref().map_or("", |t| t.model_name()))?;
    let interactive = std::io::stdin().is_terminal();
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let mut ui = Ui {
        interactive,
        color: std::io::stdout().is_terminal() && !no_color,
        quiet: g.quiet,
        speaker: None,
        warned_tts: false,
    };
    if !a.no_speak {
        match Speaker::new() {
            Ok(s) => ui.speaker = Some(s),
            Err(e) => ui.tts_failed(&e.to_string()),
        }
    }
    let active: ActiveStop = Arc::new(Mutex::new(None));
    {
        let active = active.clone();
        ctrlc::set_handler(move || {
            INTERRUPTED.store(true, Ordering::SeqCst);
            if let Some(h) = active.lock().ok().and_then(|g| g.clone()) {
                h.stop(StopReason::Interrupted);
            } else {
                // Not recording: nothing to save beyond what is on disk already.
                std::process::exit(super::record::EXIT_INTERRUPTED);
            }
        })
        .context("cannot install the Ctrl-C handler")?;
    }
    if !g.quiet {
        eprintln!(
            "Session {} — {} question(s); saving to {}",
            session.session.id,
            questions.len(),
            session.dir.display()
        );
        if files.is_empty() {
            eprintln!(
                "Answer out loud after each question. {}",
                if interactive {
                    "Press Enter when you are done (or just stop talking)."
                } else {
                    "The answer ends when you stop talking."
                }
            );
        }
    }
    let mut out_of_files = false;
    'questions: for (qi, q) in questions.iter().enumerate() {
        let limit = a.time_limit.unwrap_or(q.time_limit_s);
        session.session.questions.push(SessionQuestion {
            question: q.clone(),
            time_limit_s: limit,
            attempts: Vec::new(),
        });
        let mut asked: Vec<String> = Vec::new();
        loop {
            let attempt_no = session.session.questions[qi].attempts.len() + 1;
            print_question(qi + 1, questions.len(), q, limit, attempt_no);
            ui.say(&q.text);
            let rel = format!("q{:02}-a{}.wav", qi + 1, attempt_no);
            let Some(answer) = answer_once(
                &a,
                &mut files,
                &mut out_of_files,
                &mut tr,
                &mut session,
                qi,
                &rel,
                &q.text,
                limit,
                &active,
                &ui,
            )
            .inspect_err(|_| discard_if_empty(&session))?
            else {
                break 'questions;
            };
            show(&ui, &answer);
            let mut attempt = Attempt {
                answer,
                follow_up: None,
            };
            set_last_attempt(&mut session, qi, attempt.clone())?;
            if INTERRUPTED.load(Ordering::SeqCst) {
                break 'questions;
            }
            if !a.no_follow_up {
                if let Some(an) = &attempt.answer.analysis {
                    let choice = choose_follow_up(q, an, &asked, seed.wrapping_add(qi as u64));
                    asked.push(choice.question.clone());
                    println!("\nFollow-up: {}", choice.question);
                    ui.say(&choice.question);
                    let rel_f = format!("q{:02}-a{}-followup.wav", qi + 1, attempt_no);
                    attempt.follow_up = Some(FollowUp {
                        question: choice.question.clone(),
                        reason: choice.reason.clone(),
                        answer: Some(pending_answer(&rel_f)),
                    });
                    set_last_attempt(&mut session, qi, attempt.clone())?;
                    let fa = answer_once(
                        &a,
                        &mut files,
                        &mut out_of_files,
                        &mut tr,
                        &mut session,
                        qi,
                        &rel_f,
                        &choice.question,
                        limit,
                        &active,
                        &ui,
                    )?;
                    if let Some(fu) = attempt.follow_up.as_mut() {
                        fu.answer = fa.clone();
                    }
                    set_last_attempt(&mut session, qi, attempt.clone())?;
                    match fa {
                        Some(fa) => show(&ui, &fa),
                        None => break 'questions,
                    }
                    if INTERRUPTED.load(Ordering::SeqCst) {
                        break 'questions;
                    }
                }
            }
            match ui.ask_key() {
                'r' => continue,
                'q' => break 'questions,
                _ => break,
            }
        }
    }
    let interrupted = INTERRUPTED.load(Ordering::SeqCst);
    if !interrupted {
        session.finish()?;
    } else {
        session.save()?;
    }
    if !g.quiet {
        if out_of_files {
            eprintln!("No more --answer-file recordings; the session ends here.");
        }
        eprintln!(
            "Session saved in {} — review it with `mockloop review {}`.",
            session.dir.display(),
            session.session.id
        );
    }
    if interrupted {
        eprintln!("interrupted: everything recorded so far is saved.");
        std::process::exit(super::record::EXIT_INTERRUPTED);
    }
    Ok(())
}

fn pick_questions(bank: &QuestionBank, a: &Args) -> anyhow::Result<Vec<Question>> {
    let role = (!a.role.eq_ignore_ascii_case("any")).then_some(a.role.as_str());
    let base = Filter::from_args(None, a.round.as_deref(), role, None)?;
    let mut picked: Vec<Question> = Vec::new();
    if a.principle.is_empty() {
        picked = bank.pick(&base, a.count, a.seed);
    } else {
        // Round-robin over the requested principles.
        let per: Vec<Vec<Question>> = a
            .principle
            .iter()
            .map(|p| Ok(bank.pick(&base.clone().with_principle(p)?, a.count, a.seed)))
            .collect::<anyhow::Result<_>>()?;
        let mut i = 0;
        while picked.len() < a.count && per.iter().any(|v| v.len() > i) {
            for v in &per {
                if let Some(q) = v.get(i) {
                    if picked.len() < a.count && !picked.iter().any(|p| p.id == q.id) {
                        picked.push(q.clone());
                    }
                }
            }
            i += 1;
        }
    }
    if picked.is_empty() {
        bail!("no question matches those filters; list them with `mockloop questions --role ... --round ... --principle ...`");
    }
    Ok(picked)
}

fn print_question(n: usize, total: usize, q: &Question, limit: u32, attempt: usize) {
    let retry = if attempt > 1 {
        format!(" (attempt {attempt})")
    } else {
        String::new()
    };
    let tags: Vec<&str> = q.principles.iter().map(String::as_str).collect();
    println!(
        "\n── Question {n}/{total}{retry} · {} · {} s ──\n{}",
        if tags.is_empty() {
            q.rounds.join(", ")
        } else {
            tags.join(", ")
        },
        limit,
        q.text
    );
}

#[allow(clippy::too_many_arguments)]
fn answer_once(
    a: &Args,
    files: &mut VecDeque<PathBuf>,
    out_of_files: &mut bool,
    tr: &mut Option<mockloop::transcribe::Transcriber>,
    session: &mut SessionDir,
    qi: usize,
    rel: &str,
    question: &str,
    limit: u32,
    active: &ActiveStop,
    ui: &Ui,
) -> anyhow::Result<Option<Answer>> {
    let from_files = !a.answer_file.is_empty();
    let file = if from_files {
        match files.pop_front() {
            Some(f) => Some(f),
            None => {
                *out_of_files = true;
                return Ok(None);
            }
        }
    } else {
        None
    };
    let wav = session.file(rel);
    let source = match &file {
        Some(f) => AnswerSource::File(f),
        None => AnswerSource::Mic {
            device: a.input_device.as_deref(),
            options: RecordOptions {
                // The hard stop leaves room to run over, so over-time answers can be flagged.
                max_seconds: limit as f64 + 30.0,
                silence_stop_s: Some(a.silence_stop),
                stop_on_enter: ui.interactive,
                live_line: std::io::stderr().is_terminal() && !ui.quiet,
                ..RecordOptions::default()
            },
        },
    };
    // Reference the WAV before recording, so a crash mid-answer leaves it listed; the
    // finished answer replaces this placeholder (same file name).
    if !rel.contains("followup") {
        session.session.questions[qi].attempts.push(Attempt {
            answer: pending_answer(rel),
            follow_up: None,
        });
        session.save()?;
    }
    let job = AnswerJob {
        source,
        wav: &wav,
        rel,
        question,
        time_limit_s: limit as f64,
        active_stop: active,
        follow_up: rel.contains("followup"),
        on_recording: &|device: &str| {
            if !ui.quiet {
                let how = if ui.interactive {
                    "Enter when done"
                } else {
                    "stop talking when done"
                };
                eprintln!(
                    "● Recording from {device} — speak now ({how}; Ctrl-C to end the session)."
                );
            }
        },
    };
    let answer =
        run_answer(job, tr).with_context(|| format!("recording the answer to \"{question}\""))?;
    Ok(Some(answer))
}

/// When the very first recording fails (no microphone, wrong device), nothing was said: remove
/// the session folder rather than leave a half-written session behind.
fn discard_if_empty(session: &SessionDir) {
    let recorded = session
        .session
        .questions
        .iter()
        .flat_map(|q| &q.attempts)
        .any(|a| a.answer.duration_s > 0.0 || session.file(&a.answer.audio).is_file());
    if !recorded {
        let _ = std::fs::remove_dir_all(&session.dir);
    }
}

/// Replaces (or appends) the newest attempt of question `qi` and saves atomically.
fn set_last_attempt(session: &mut SessionDir, qi: usize, attempt: Attempt) -> anyhow::Result<()> {
    let attempts = &mut session.session.questions[qi].attempts;
    match attempts.last_mut() {
        Some(last) if last.answer.audio == attempt.answer.audio => *last = attempt,
        _ => attempts.push(attempt),
    }
    session.save()?;
    Ok(())
}

fn show(ui: &Ui, answer: &Answer) {
    match &answer.analysis {
        Some(an) => {
            println!();
            print!("{}", report::text::render(an, ui.color));
        }
        None => println!(
            "\nNo speech was heard in this answer ({:.1} s recorded). Check the microphone with `mockloop devices`.",
            answer.duration_s
        ),
    }
    if !ui.quiet {
        if let Some(s) = answer.timings.post_stop_s {
            eprintln!("(feedback ready {s:.2} s after the answer ended)");
        }
    }
}
