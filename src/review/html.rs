//! The HTML review page of one session, and the progress page. Self-contained: inline CSS and
//! JS, no network. Audio is referenced relative to the page (or embedded as data: URLs).
//!
//! On the session page every word, timeline part and flag carries `data-t` (seconds); a click
//! seeks the answer's own audio player there, and the word being played is highlighted.

use std::fmt::Write;
use std::path::{Component, Path, PathBuf};

use super::progress::{direction, fmt_value, Progress};
use super::summary::{answer_rows, AnswerKind, AnswerStatus, AnswerSummary};
use super::terminal::{changes, short_date, stop_label};
use super::LoadedSession;
use crate::report::{clock, number_spans, verdict};
use crate::types::{Analysis, Answer, Part, Transcript};

pub use crate::report::html::esc;

/// How the page points at the answers' WAVs.
#[derive(Debug, Clone)]
pub enum AudioLinks {
    /// Relative links from a page saved in this folder.
    RelativeTo(PathBuf),
    /// The WAV bytes inside the page (bigger file, but it can be moved or mailed alone).
    Embed,
}

const CSS: &str = r#"
:root{--s:#3b6fb6;--t:#9b4fb0;--a:#3a8a4a;--r:#c08a12;--flag:#b00020}
*{box-sizing:border-box}
body{font:15px/1.5 system-ui,sans-serif;max-width:78rem;margin:1.5rem auto;padding:0 1rem;color:#222}
h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.2rem;margin:2rem 0 .3rem}h3{font-size:1.05rem;margin:.2rem 0}
h4{font-size:.95rem;margin:.8rem 0 .2rem}.meta{color:#666;margin:.1rem 0}
.problems{border-left:4px solid var(--flag);background:#fff4f4;padding:.4rem .8rem;margin:.8rem 0}
.attempts{display:grid;grid-template-columns:repeat(auto-fit,minmax(24rem,1fr));gap:1rem}
.answer{border:1px solid #ddd;border-radius:6px;padding:.7rem .9rem;background:#fff}
.answer .answer{border-style:dashed;background:#fafafa}
.verdict{padding:.4rem .6rem;background:#f4f4f4;border-left:4px solid #444;margin:.4rem 0}
.timeline{position:relative;height:1.9rem;background:#eee;border-radius:4px;margin:.5rem 0 1.2rem}
.seg{position:absolute;top:0;height:100%;border:0;color:#fff;font-size:.75rem;padding:0 .3rem;overflow:hidden;
 white-space:nowrap;text-align:left;cursor:pointer}
.seg.situation{background:var(--s)}.seg.task{background:var(--t)}.seg.action{background:var(--a)}.seg.result{background:var(--r)}
.limit{position:absolute;top:-.3rem;bottom:-.3rem;border-left:2px dashed var(--flag)}
.limit span{position:absolute;top:1.9rem;right:.15rem;white-space:nowrap;font-size:.7rem;color:var(--flag)}
.over{color:var(--flag);font-weight:600}
audio{width:100%;margin:.3rem 0}
.missing{color:var(--flag);font-weight:600}
.transcript{margin:.4rem 0}
.sent{margin:.25rem 0;padding-left:.6rem;border-left:4px solid #ccc}
.sent.situation{border-color:var(--s)}.sent.task{border-color:var(--t)}.sent.action{border-color:var(--a)}.sent.result{border-color:var(--r)}
.tag{font-size:.72rem;color:#666;margin-right:.35rem;cursor:pointer}
.w{cursor:pointer;border-radius:3px}.w:hover{background:#e8eefc}
.w.num{background:#ffe58a;font-weight:600}
.w.now{background:#1b4fd8;color:#fff}
.flags{padding-left:1.1rem}.flags li{margin:.35rem 0}
.flags button,.seek{font:inherit;font-size:.8rem;border:1px solid #bbb;border-radius:3px;background:#fff;cursor:pointer;padding:0 .3rem}
.code{font-family:monospace;color:var(--flag);font-weight:600}
blockquote{margin:.15rem 0 .15rem .8rem;color:#555;font-style:italic}
table{border-collapse:collapse;margin:.4rem 0}td,th{padding:.15rem .55rem;border-bottom:1px solid #ddd;text-align:left}
.stats td:first-child{color:#666}
.followup{margin-top:.8rem}
.changes{margin-top:.8rem}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(30rem,1fr));gap:1rem}
.chart{width:100%;height:auto;border:1px solid #eee}.chart .ax{stroke:#999}.chart .ln{fill:none;stroke:#1b4fd8;stroke-width:2}
.chart .pt{fill:#1b4fd8}.chart .ct{font:600 13px system-ui,sans-serif}.chart .cl{font:11px system-ui,sans-serif;fill:#555}
@media print{audio,.seek{display:none}.answer{break-inside:avoid}body{max-width:none;margin:0}.w.now{background:none;color:inherit}
 .seg,.w.num{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
"#;

const JS: &str = r#"
(function(){
  function own(ans, sel){return Array.prototype.filter.call(ans.querySelectorAll(sel),function(e){return e.closest('.answer')===ans;});}
  function audioOf(ans){var a=own(ans,'audio');return a.length?a[0]:null;}
  function words(ans){return ans.__w||(ans.__w=own(ans,'.w'));}
  function highlight(ans,t){
    var ws=words(ans),lo=0,hi=ws.length-1,k=-1;
    while(lo<=hi){var m=(lo+hi)>>1;if(parseFloat(ws[m].dataset.t)<=t+1e-3){k=m;lo=m+1;}else hi=m-1;}
    if(k>=0&&t>parseFloat(ws[k].dataset.e)+0.5)k=-1;
    var cur=ans.__now;if(cur===ws[k])return;
    if(cur)cur.classList.remove('now');
    ans.__now=k>=0?ws[k]:null;if(ans.__now)ans.__now.classList.add('now');
  }
  document.addEventListener('click',function(e){
    var el=e.target.closest('[data-t]');if(!el)return;
    var ans=el.closest('.answer');var a=ans&&audioOf(ans);if(!a)return;
    var t=parseFloat(el.dataset.t);if(!isFinite(t))return;
    a.currentTime=t;highlight(ans,t);
    var p=a.play();if(p&&p.catch)p.catch(function(){});
  });
  Array.prototype.forEach.call(document.querySelectorAll('.answer'),function(ans){
    var a=audioOf(ans);if(!a)return;
    var f=function(){highlight(ans,a.currentTime);};
    a.addEventListener('timeupdate',f);a.addEventListener('seeked',f);
  });
})();
"#;

/// Relative path from folder `from` to `to` (both made absolute first).
pub fn relative_path(from: &Path, to: &Path) -> PathBuf {
    let abs = |p: &Path| {
        std::fs::canonicalize(p).unwrap_or_else(|_| {
            std::env::current_dir()
                .map(|c| c.join(p))
                .unwrap_or_else(|_| p.to_path_buf())
        })
    };
    let (f, t) = (abs(from), abs(to));
    let fc: Vec<Component> = f.components().collect();
    let tc: Vec<Component> = t.components().collect();
    let common = fc.iter().zip(&tc).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..fc.len() {
        out.push("..");
    }
    for c in &tc[common..] {
        out.push(c.as_os_str());
    }
    out
}

/// Percent-encodes a relative path for an attribute (keeps '/', encodes spaces and '#').
fn url_path(p: &Path) -> String {
    let s = p.to_string_lossy().replace('\\', "/");
    let mut o = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'.' | b'-' | b'_' | b'~' => {
                o.push(b as char)
            }
            _ => {
                let _ = write!(o, "%{b:02X}");
            }
        }
    }
    o
}

pub fn base64(bytes: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut o = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for c in bytes.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= c.len() {
                o.push(T[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                o.push('=');
            }
        }
    }
    o
}

fn seek(t: f64, label: &str) -> String {
    format!(
        "<button class=\"seek\" data-t=\"{t:.2}\">{}</button>",
        esc(label)
    )
}

/// Part of each transcript word, from the analysis' timed sentences.
fn word_sentences(t: &Transcript, a: &Analysis) -> Option<Vec<usize>> {
    if a.sentences.is_empty() || a.sentences.iter().any(|s| s.end_s.is_none()) {
        return None;
    }
    let mut k = 0;
    Some(
        t.words
            .iter()
            .map(|w| {
                while k + 1 < a.sentences.len()
                    && a.sentences[k].end_s.is_some_and(|e| w.start_s >= e - 1e-3)
                {
                    k += 1;
                }
                k
            })
            .collect(),
    )
}

/// Indices of transcript words inside a number mention.
fn number_words(t: &Transcript, a: &Analysis) -> Vec<bool> {
    let mut marked = vec![false; t.words.len()];
    for n in &a.numbers {
        let Some(s) = n.start_s else { continue };
        let k = n.text.split_whitespace().count().max(1);
        if let Some(i) = t.words.iter().position(|w| w.start_s >= s - 0.02) {
            for m in marked.iter_mut().skip(i).take(k) {
                *m = true;
            }
        }
    }
    marked
}

fn part_of(p: Option<Part>) -> &'static str {
    p.map(Part::as_str).unwrap_or("none")
}

fn transcript_html(o: &mut String, ans: &Answer, a: &Analysis) {
    o.push_str("<div class=\"transcript\">");
    let timed = ans
        .transcript
        .as_ref()
        .filter(|t| !t.words.is_empty())
        .and_then(|t| Some((t, word_sentences(t, a)?)));
    match timed {
        Some((t, sent_of)) => {
            let nums = number_words(t, a);
            let mut i = 0;
            while i < t.words.len() {
                let si = sent_of[i];
                let s = &a.sentences[si];
                let start = t.words[i].start_s;
                let _ = write!(
                    o,
                    "<p class=\"sent {}\"><span class=\"tag\" data-t=\"{start:.2}\">{} {}</span>",
                    part_of(s.part),
                    s.part.map(Part::label).unwrap_or("?"),
                    clock(start)
                );
                while i < t.words.len() && sent_of[i] == si {
                    let w = &t.words[i];
                    let _ = write!(
                        o,
                        "<span class=\"w{}\" data-t=\"{:.2}\" data-e=\"{:.2}\">{}</span> ",
                        if nums[i] { " num" } else { "" },
                        w.start_s,
                        w.end_s,
                        esc(w.text.trim())
                    );
                    i += 1;
                }
                o.push_str("</p>");
            }
        }
        None => {
            // No word timings (an old or text-only answer): sentences, numbers marked.
            let spans = number_spans(a);
            for (si, s) in a.sentences.iter().enumerate() {
                let tag = s
                    .start_s
                    .map(|t| format!(" data-t=\"{t:.2}\""))
                    .unwrap_or_default();
                let _ = write!(
                    o,
                    "<p class=\"sent {}\"><span class=\"tag\"{tag}>{}</span>",
                    part_of(s.part),
                    s.part.map(Part::label).unwrap_or("?")
                );
                o.push_str(&crate::report::highlight(&s.text, &spans[si], esc, |n| {
                    format!("<span class=\"w num\">{}</span>", esc(n))
                }));
                o.push_str("</p>");
            }
        }
    }
    o.push_str("</div>");
}

fn timeline_html(o: &mut String, ans: &Answer, a: &Analysis, limit: Option<u32>) {
    let dur = a.duration_s.unwrap_or(ans.duration_s).max(ans.duration_s);
    let scale = dur.max(f64::from(limit.unwrap_or(0))).max(1e-6);
    o.push_str("<div class=\"timeline\">");
    let mut at = 0.0;
    for p in &a.parts {
        // Untimed parts are laid out by their share of the answer.
        let (start, len) = match (p.start_s, p.duration_s) {
            (Some(s), Some(d)) => (s, d),
            _ => (at, p.share * dur),
        };
        at = start + len;
        let _ = write!(
            o,
            "<button class=\"seg {}\" data-t=\"{start:.2}\" style=\"left:{:.2}%;width:{:.2}%\" \
             title=\"{} {}–{} ({:.0} s)\">{} {:.0}s</button>",
            p.part.as_str(),
            start / scale * 100.0,
            len / scale * 100.0,
            p.part.label(),
            clock(start),
            clock(start + len),
            len,
            &p.part.label()[..1],
            len
        );
    }
    if let Some(l) = limit.filter(|l| *l > 0) {
        let _ = write!(
            o,
            "<div class=\"limit\" style=\"left:{:.2}%\" title=\"time limit\"><span>limit {}</span></div>",
            f64::from(l) / scale * 100.0,
            clock(f64::from(l))
        );
    }
    o.push_str("</div>");
    let totals = crate::report::totals(a);
    o.push_str("<p class=\"meta\">");
    let parts: Vec<String> = totals
        .iter()
        .map(|t| match t.secs {
            _ if !t.present => {
                format!("<span class=\"missing\">{} missing</span>", t.part.label())
            }
            Some(s) => format!("{} {s:.0} s ({:.0}%)", t.part.label(), t.share * 100.0),
            None => format!("{} {:.0}%", t.part.label(), t.share * 100.0),
        })
        .collect();
    o.push_str(&parts.join(" · "));
    o.push_str("</p>");
}

fn audio_html(o: &mut String, s: &LoadedSession, ans: &Answer, links: &AudioLinks) {
    if ans.audio.is_empty() {
        o.push_str("<p class=\"missing\">No audio was recorded for this answer.</p>");
        return;
    }
    let path = s.audio_path(ans);
    if !path.is_file() {
        let _ = write!(
            o,
            "<p class=\"missing\">Audio {} is missing from the session folder.</p>",
            esc(&ans.audio)
        );
        return;
    }
    let src = match links {
        AudioLinks::RelativeTo(dir) => url_path(&relative_path(dir, &path)),
        AudioLinks::Embed => match std::fs::read(&path) {
            Ok(b) => format!("data:audio/wav;base64,{}", base64(&b)),
            Err(e) => {
                let _ = write!(
                    o,
                    "<p class=\"missing\">Audio {} could not be read: {}</p>",
                    esc(&ans.audio),
                    esc(&e.to_string())
                );
                return;
            }
        },
    };
    let _ = write!(
        o,
        "<div class=\"player\"><audio controls preload=\"metadata\" src=\"{}\"></audio></div>",
        esc(&src)
    );
}

fn answer_html(
    o: &mut String,
    s: &LoadedSession,
    ans: &Answer,
    row: &AnswerSummary,
    title: &str,
    links: &AudioLinks,
) {
    let _ = write!(
        o,
        "<article class=\"answer {}\"><h3>{}</h3>",
        match row.kind {
            AnswerKind::Answer => "main",
            AnswerKind::FollowUp => "follow",
        },
        esc(title)
    );
    let mut timing = clock(ans.duration_s);
    if row.kind == AnswerKind::Answer && row.time_limit_s > 0 {
        let _ = write!(timing, " of {} limit", clock(f64::from(row.time_limit_s)));
        if row.over_time {
            let _ = write!(
                timing,
                " <span class=\"over\">over by {}</span>",
                clock(ans.duration_s - f64::from(row.time_limit_s))
            );
        }
    }
    let _ = write!(
        o,
        "<p class=\"meta\">{timing} · stopped: {}</p>",
        esc(stop_label(ans.stop_reason))
    );
    audio_html(o, s, ans, links);
    match (&ans.analysis, row.status) {
        (Some(a), AnswerStatus::Analysed) => {
            let _ = write!(o, "<p class=\"verdict\">{}</p>", esc(&verdict(a)));
            let limit = (row.kind == AnswerKind::Answer).then_some(row.time_limit_s);
            timeline_html(o, ans, a, limit);
            transcript_html(o, ans, a);
            if a.flags.is_empty() {
                o.push_str("<p>No flags.</p>");
            } else {
                let _ = write!(o, "<h4>Flags ({})</h4><ul class=\"flags\">", a.flags.len());
                for f in &a.flags {
                    o.push_str("<li>");
                    if let Some(t) = f.start_s {
                        o.push_str(&seek(t, &clock(t)));
                        o.push(' ');
                    }
                    let _ = write!(o, "<span class=\"code\">{}</span>", esc(&f.code));
                    if let Some(p) = f.part {
                        let _ = write!(o, " · {}", p.label());
                    }
                    let _ = write!(o, "<br>{}", esc(&f.message));
                    if let Some(q) = &f.quote {
                        let _ = write!(o, "<blockquote>“{}”</blockquote>", esc(q));
                    }
                    o.push_str("</li>");
                }
                o.push_str("</ul>");
            }
            let st = &a.stats;
            let _ = write!(
                o,
                "<table class=\"stats\"><tr><td>Words</td><td>{}</td></tr>",
                st.words
            );
            if let Some(w) = st.wpm {
                let _ = write!(o, "<tr><td>Pace</td><td>{w:.0} words a minute</td></tr>");
            }
            let per = st
                .fillers_per_min
                .map(|f| format!(" ({f:.1} a minute)"))
                .unwrap_or_default();
            let _ = write!(
                o,
                "<tr><td>Fillers</td><td>{}{per}</td></tr><tr><td>Numbers</td><td>{}</td></tr>\
                 <tr><td>I / we</td><td>{} / {}</td></tr></table>",
                st.fillers,
                a.numbers.len(),
                st.i_count,
                st.we_count
            );
        }
        (_, AnswerStatus::Empty) => {
            o.push_str("<p class=\"missing\">No speech was heard in this recording.</p>")
        }
        _ => o.push_str(
            "<p class=\"missing\">Not transcribed: the answer was cut off before analysis.</p>",
        ),
    }
}

/// The review page of one session.
pub fn render_session(s: &LoadedSession, links: &AudioLinks) -> String {
    let ss = &s.session;
    let mut o = String::new();
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>Session review {}</title><style>{CSS}</style></head><body>\n",
        esc(&ss.id)
    );
    let _ = write!(
        o,
        "<header><h1>Session review</h1><p class=\"meta\">{} · started {} · {} · {} question{} · model {}</p>",
        esc(&ss.id),
        esc(&short_date(&ss.started_at)),
        if ss.finished_at.is_some() {
            "finished".to_string()
        } else {
            "<span class=\"over\">interrupted</span>".to_string()
        },
        ss.questions.len(),
        if ss.questions.len() == 1 { "" } else { "s" },
        esc(if ss.model.is_empty() { "?" } else { &ss.model })
    );
    if !s.problems.is_empty() {
        o.push_str("<div class=\"problems\"><strong>Problems in this session</strong><ul>");
        for p in &s.problems {
            let _ = write!(o, "<li>{}</li>", esc(p));
        }
        o.push_str("</ul></div>");
    }
    o.push_str("</header>\n");
    let rows = answer_rows(s);
    let mut ri = rows.iter();
    for (qi, q) in ss.questions.iter().enumerate() {
        let _ = write!(
            o,
            "<section class=\"question\" id=\"q{}\"><h2>Question {}: {}</h2><p class=\"meta\">",
            qi + 1,
            qi + 1,
            esc(&q.question.text)
        );
        if !q.question.principles.is_empty() {
            let _ = write!(o, "{} · ", esc(&q.question.principles.join(", ")));
        }
        let _ = write!(
            o,
            "time limit {}</p><div class=\"attempts\">",
            clock(f64::from(q.time_limit_s))
        );
        if q.attempts.is_empty() {
            o.push_str("<p>Not answered.</p>");
        }
        let mut main_rows = Vec::new();
        for (ai, at) in q.attempts.iter().enumerate() {
            let Some(row) = ri.next() else { break };
            main_rows.push(row);
            let title = if ai == 0 {
                "Attempt 1".to_string()
            } else {
                format!("Attempt {} (retry)", ai + 1)
            };
            answer_html(&mut o, s, &at.answer, row, &title, links);
            if let Some(fu) = &at.follow_up {
                let _ = write!(
                    o,
                    "<div class=\"followup\"><h4>Follow-up: {}</h4>",
                    esc(&fu.question)
                );
                match (&fu.answer, fu.answer.as_ref().and_then(|_| ri.next())) {
                    (Some(a), Some(frow)) => {
                        answer_html(&mut o, s, a, frow, "Your answer to the follow-up", links);
                        o.push_str("</article>");
                    }
                    _ => o.push_str("<p>Not answered.</p>"),
                }
                o.push_str("</div>");
            }
            o.push_str("</article>");
        }
        o.push_str("</div>");
        if main_rows.len() > 1 {
            o.push_str("<table class=\"changes\"><tr><th>What changed</th>");
            for i in 0..main_rows.len() {
                let _ = write!(o, "<th>Attempt {}</th>", i + 1);
            }
            o.push_str("</tr>");
            let base = changes(main_rows[0], main_rows[0]);
            for (k, (what, first, _)) in base.iter().enumerate() {
                let _ = write!(o, "<tr><td>{what}</td><td>{}</td>", esc(first));
                for r in &main_rows[1..] {
                    let _ = write!(o, "<td>{}</td>", esc(&changes(main_rows[0], r)[k].2));
                }
                o.push_str("</tr>");
            }
            o.push_str("</table>");
        }
        o.push_str("</section>\n");
    }
    let _ = write!(o, "<script>{JS}</script>\n</body></html>\n");
    o
}

/// The progress page: trend charts, principle coverage, weaknesses and what to practise next.
pub fn render_progress(p: &Progress) -> String {
    let mut o = String::new();
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>mockloop progress</title><style>{CSS}</style></head><body>\n\
         <h1>Progress</h1><p class=\"meta\">{} sessions · {} analysed answers</p>",
        p.sessions, p.answers
    );
    if !p.damaged.is_empty() {
        o.push_str("<div class=\"problems\"><strong>Damaged sessions (skipped)</strong><ul>");
        for (id, e) in &p.damaged {
            let _ = write!(o, "<li>{}: {}</li>", esc(id), esc(e));
        }
        o.push_str("</ul></div>");
    }
    o.push_str("<h2>Trends</h2><div class=\"charts\">");
    for t in &p.trends {
        let labels: Vec<String> = t.points.iter().map(|x| short_date(&x.0)).collect();
        let vals: Vec<f64> = t.points.iter().map(|x| x.1).collect();
        let mut title = t.measure.to_string();
        if let (Some((a, b)), Some(d)) = (t.early_recent(), direction(t)) {
            let _ = write!(title, ": {} → {} ({d})", fmt_value(t, a), fmt_value(t, b));
        }
        o.push_str(&super::charts::line_chart(&title, &labels, &vals, &|v| {
            fmt_value(t, v)
        }));
    }
    o.push_str("</div><h2>Leadership Principles</h2><table><tr><th>Principle</th><th>Answers</th><th>Best attempt</th></tr>");
    for c in &p.coverage {
        let best = match &c.best {
            Some(b) => format!(
                "{}/100 · {} · attempt {} · {}",
                b.score,
                esc(&short_date(&b.started_at)),
                b.attempt,
                esc(b.verdict.as_deref().unwrap_or(""))
            ),
            None => "<span class=\"missing\">never practised</span>".into(),
        };
        let _ = write!(
            o,
            "<tr><td>{}</td><td>{}</td><td>{best}</td></tr>",
            esc(&c.principle),
            c.answers
        );
    }
    o.push_str("</table><h2>Recurring weaknesses</h2><ul>");
    if p.weaknesses.is_empty() {
        o.push_str("<li>None in your recent answers.</li>");
    }
    for w in &p.weaknesses {
        let _ = write!(o, "<li>{}</li>", esc(w));
    }
    o.push_str("</ul><h2>Practise next</h2><ul>");
    for n in &p.next {
        let _ = write!(o, "<li>{}</li>", esc(n));
    }
    o.push_str("</ul></body></html>\n");
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::tests::fake_session;

    #[test]
    fn base64_matches_rfc4648_vectors() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn relative_paths() {
        let tmp = tempfile::tempdir().unwrap();
        let a = tmp.path().join("out");
        let b = tmp.path().join("s1").join("q1.wav");
        std::fs::create_dir_all(&a).unwrap();
        assert_eq!(relative_path(&a, &b), PathBuf::from("../s1/q1.wav"));
        assert_eq!(url_path(Path::new("a b/#1.wav")), "a%20b/%231.wav");
    }

    #[test]
    fn session_page_has_words_parts_flags_and_comparison() {
        let tmp = tempfile::tempdir().unwrap();
        let s = fake_session(tmp.path());
        let html = render_session(&s, &AudioLinks::RelativeTo(s.dir.clone()));
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(!html.contains("http://") && !html.contains("https://"));
        for p in ["seg situation", "seg task", "seg action", "seg result"] {
            assert!(html.contains(p), "missing {p}");
        }
        assert!(html.contains("class=\"limit\""));
        // "12 seconds" is two highlighted words.
        assert!(
            html.contains("<span class=\"w num\" data-t=\"2.40\" data-e=\"2.72\">12</span>"),
            "{html}"
        );
        assert!(html.contains("src=\"q1-a1.wav\""));
        assert!(html.contains("Audio q2-a1.wav is missing"));
        assert!(html.contains("Follow-up: How did you measure it?"));
        assert!(html.contains("<th>What changed</th>"));
        assert!(html.contains("unquantified_result"));
        assert_eq!(
            html.matches("<article").count(),
            html.matches("</article>").count()
        );
        let embedded = render_session(&s, &AudioLinks::Embed);
        assert!(embedded.contains("src=\"data:audio/wav;base64,UklGRg==\""));
    }

    #[test]
    fn progress_page_draws_four_charts() {
        let tmp = tempfile::tempdir().unwrap();
        fake_session(tmp.path());
        fake_session(tmp.path());
        let p = crate::review::progress::compute(&crate::review::index::history(tmp.path()));
        let html = render_progress(&p);
        assert_eq!(html.matches("<svg").count(), 4);
        assert!(html.contains("never practised"));
    }
}
