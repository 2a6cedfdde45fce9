//! The flags a debrief panel would raise, each with the quote that shows it.
//! Codes and rules are the public contract documented in docs/analysis.md.

use super::Ctx;
use crate::types::{Flag, Part, PartSpan, Stats};

pub const LONG_SITUATION_SHARE: f64 = 0.35;
pub const FILLERS_PER_MIN_MAX: f64 = 6.0;
pub const WPM_MAX: f64 = 190.0;
pub const WPM_MIN: f64 = 110.0;
/// Pace and filler rates are meaningless on a few seconds of speech; from about 30 words (10 s)
/// on, a 47-word answer rushed out in 14 s is plainly too fast.
pub const MIN_SPEECH_S_FOR_RATES: f64 = 10.0;
const QUOTE_MAX_CHARS: usize = 220;

/// Vague impact language: intensifier + impact, no number.
pub const VAGUE_PHRASES: &[&str] = &[
    "significant improvement",
    "significant improvements",
    "significant impact",
    "significantly",
    "significant",
    "huge impact",
    "huge improvement",
    "huge difference",
    "huge win",
    "huge success",
    "big impact",
    "big improvement",
    "big difference",
    "big win",
    "major improvement",
    "major impact",
    "massive improvement",
    "massive impact",
    "massively",
    "hugely",
    "a lot better",
    "a lot faster",
    "a lot more",
    "a lot less",
    "a lot fewer",
    "lot better",
    "much better",
    "much faster",
    "much happier",
    "much smoother",
    "way better",
    "way faster",
    "really improved",
    "really helped",
    "really paid off",
    "improved a lot",
    "helped a lot",
    "improved dramatically",
    "dramatically",
    "dramatic",
    "tremendous",
    "tremendously",
    "substantial",
    "substantially",
    "greatly",
    "vastly",
    "game changer",
    "game-changer",
    "night and day",
    "made a real difference",
    "made a difference",
    "made a big difference",
    "a real impact",
    "positive impact",
    "really positive",
    "went really well",
    "really successful",
    "very successful",
    "hugely successful",
    "great success",
    "a great result",
    "great results",
    "way more",
    "so much better",
    "so much faster",
    "tons of",
    "a ton",
    "went well",
    "went great",
    "went smoothly",
    "was a success",
    "a big success",
    "a real success",
    "a huge hit",
    "a big hit",
    "worked really well",
    "worked great",
];

/// "much calmer", "a lot easier", "way happier", "far more reliable": an intensifier before a
/// comparative says things got better without saying by how much.
const INTENSIFIERS: &[&str] = &[
    "a lot",
    "much",
    "way",
    "far",
    "considerably",
    "noticeably",
    "markedly",
];
const COMPARATIVES: &[&str] = &[
    "better",
    "faster",
    "quicker",
    "happier",
    "easier",
    "smoother",
    "calmer",
    "cleaner",
    "simpler",
    "cheaper",
    "stronger",
    "healthier",
    "safer",
    "clearer",
    "smarter",
    "more",
    "less",
    "fewer",
];

fn truncate(s: &str) -> String {
    if s.chars().count() <= QUOTE_MAX_CHARS {
        return s.to_string();
    }
    let cut: String = s.chars().take(QUOTE_MAX_CHARS).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > QUOTE_MAX_CHARS / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{cut}…")
}

fn flag(ctx: &Ctx, code: &str, message: String, part: Option<Part>, unit: Option<usize>) -> Flag {
    let (start_s, end_s, quote) = match unit {
        Some(u) => (
            ctx.unit_start(u),
            ctx.unit_end(u),
            Some(truncate(&ctx.unit_text(u))),
        ),
        None => (None, None, None),
    };
    Flag {
        code: code.to_string(),
        message,
        part,
        start_s,
        end_s,
        quote,
    }
}

fn fmt_time(s: f64) -> String {
    let s = s.max(0.0).round() as u64;
    format!("{}:{:02}", s / 60, s % 60)
}

/// Finds the first vague phrase in a normalized sentence (" w1 w2 ... ").
pub fn vague_phrase(hay: &str) -> Option<String> {
    if let Some(p) = VAGUE_PHRASES
        .iter()
        .find(|p| hay.contains(&format!(" {p} ")))
    {
        return Some(p.to_string());
    }
    INTENSIFIERS.iter().find_map(|i| {
        let pat = format!(" {i} ");
        hay.match_indices(&pat).find_map(|(at, _)| {
            let next = hay[at + pat.len()..].split(' ').next()?;
            COMPARATIVES.contains(&next).then(|| format!("{i} {next}"))
        })
    })
}

pub(crate) fn compute(
    ctx: &Ctx,
    spans: &[PartSpan],
    stats: &Stats,
    time_limit_s: f64,
) -> Vec<Flag> {
    let mut out = Vec::new();
    let n = ctx.units.len();
    let units_of = |p: Part| (0..n).filter(move |&u| ctx.parts[u] == p);
    let has = |p: Part| ctx.parts.contains(&p);

    // Missing parts, quoted where the part should have been.
    if !has(Part::Situation) {
        out.push(flag(
            ctx,
            "missing_situation",
            "No Situation: set the scene first — where you were, what was at stake, for which customer."
                .into(),
            None,
            (n > 0).then_some(0),
        ));
    }
    if !has(Part::Task) {
        let at = units_of(Part::Action).next().or((n > 0).then_some(0));
        out.push(flag(
            ctx,
            "missing_task",
            "No Task: say what you personally had to achieve (goal, deadline, bar) before the actions."
                .into(),
            None,
            at,
        ));
    }
    if !has(Part::Action) {
        let at = units_of(Part::Result).next().or(n.checked_sub(1));
        out.push(flag(
            ctx,
            "missing_action",
            "No Action: the panel can't tell what you did — describe your steps and decisions."
                .into(),
            None,
            at,
        ));
    }
    if !has(Part::Result) {
        out.push(flag(
            ctx,
            "missing_result",
            "No Result: the answer ends without an outcome — close with what changed, in numbers."
                .into(),
            None,
            n.checked_sub(1),
        ));
    }

    // Result quality: only numbers inside the Result count.
    let result_units: Vec<usize> = units_of(Part::Result).collect();
    if !result_units.is_empty() {
        let quantified = ctx.numbers.iter().any(|m| {
            ctx.unit_of_token(m.tokens.start)
                .is_some_and(|u| ctx.parts[u] == Part::Result)
        });
        if !quantified {
            // Quote the closing result (not a hook), where the number is most expected.
            let closing = result_units
                .iter()
                .copied()
                .find(|&u| u > 0 && ctx.parts[u - 1] != Part::Result)
                .unwrap_or(result_units[0]);
            let vague = result_units
                .iter()
                .find_map(|&u| vague_phrase(&ctx.unit_hay(u)).map(|p| (u, p)));
            out.push(flag(
                ctx,
                "unquantified_result",
                "The Result states no number: give the metric and how much it moved (%, $, ms, bps, count)."
                    .into(),
                Some(Part::Result),
                Some(closing),
            ));
            if let Some((u, phrase)) = vague {
                out.push(flag(
                    ctx,
                    "vague_result",
                    format!(
                        "Vague impact (\"{phrase}\") with no quantity: a panel hears this as no result. \
                         Replace it with the number."
                    ),
                    Some(Part::Result),
                    Some(u),
                ));
            }
        }
    }

    // Ownership: in the Action, "we" outnumbering "I".
    let action_units: Vec<usize> = units_of(Part::Action).collect();
    if !action_units.is_empty() {
        let mut i_total = 0;
        let mut we_total = 0;
        let mut worst: Option<(usize, isize)> = None;
        for &u in &action_units {
            let (i, we) = ctx.person_counts(u);
            i_total += i;
            we_total += we;
            let d = we as isize - i as isize;
            if we > 0 && worst.map_or(true, |(_, wd)| d > wd) {
                worst = Some((u, d));
            }
        }
        if we_total > i_total {
            out.push(flag(
                ctx,
                "we_heavy_action",
                format!(
                    "The Action says \"we\" {we_total} times and \"I\" {i_total}: the panel hires you, \
                     not the team — say what you did."
                ),
                Some(Part::Action),
                worst.map(|(u, _)| u),
            ));
        }
    }

    // Proportion: a setup that eats the answer.
    let sit_share: f64 = spans
        .iter()
        .filter(|s| s.part == Part::Situation)
        .map(|s| s.share)
        .sum();
    if sit_share > LONG_SITUATION_SHARE {
        let first = units_of(Part::Situation).next();
        let basis = if ctx.timed {
            "of the time"
        } else {
            "of the words"
        };
        out.push(flag(
            ctx,
            "long_situation",
            format!(
                "The Situation takes {:.0}% {basis} (keep it under {:.0}%): get to what you did sooner.",
                sit_share * 100.0,
                LONG_SITUATION_SHARE * 100.0
            ),
            Some(Part::Situation),
            first,
        ));
    }

    // Timing: only when we know when things were said.
    if let Some(end) = ctx.speech_end() {
        if end > time_limit_s && time_limit_s > 0.0 {
            let at = (0..n)
                .find(|&u| ctx.unit_end(u).is_some_and(|e| e > time_limit_s))
                .or(n.checked_sub(1));
            let part = at.map(|u| ctx.parts[u]);
            let mut f = flag(
                ctx,
                "over_time",
                format!(
                    "The answer runs {} against a {} limit ({:.0} s over): trim the Situation or the Action.",
                    fmt_time(end),
                    fmt_time(time_limit_s),
                    end - time_limit_s
                ),
                part,
                at,
            );
            // Jump to the moment the limit passed, not to the start of that sentence.
            f.start_s = Some(time_limit_s.max(f.start_s.unwrap_or(0.0)));
            out.push(f);
        }
    }
    let long_enough = ctx
        .speech_len()
        .is_some_and(|l| l >= MIN_SPEECH_S_FOR_RATES);
    if ctx.timed && long_enough {
        if let Some(fpm) = stats.fillers_per_min.filter(|&f| f > FILLERS_PER_MIN_MAX) {
            let worst = (0..n).max_by_key(|&u| ctx.fillers_in(u));
            out.push(flag(
                ctx,
                "filler_heavy",
                format!(
                    "{} fillers ({fpm:.1} a minute, aim for under {FILLERS_PER_MIN_MAX:.0}): pause instead.",
                    stats.fillers
                ),
                worst.map(|u| ctx.parts[u]),
                worst,
            ));
        }
        if let Some(wpm) = stats.wpm {
            if !(WPM_MIN..=WPM_MAX).contains(&wpm) {
                let fast = wpm > WPM_MAX;
                let rate = |u: usize| ctx.unit_wpm(u).unwrap_or(wpm);
                let pick = (0..n).filter(|&u| ctx.unit_words(u) >= 4).max_by(|&a, &b| {
                    let (ra, rb) = (rate(a), rate(b));
                    if fast {
                        ra.total_cmp(&rb)
                    } else {
                        rb.total_cmp(&ra)
                    }
                });
                let (code, msg) = if fast {
                    (
                        "too_fast",
                        format!("{wpm:.0} words a minute (over {WPM_MAX:.0}): slow down so the numbers land."),
                    )
                } else {
                    (
                        "too_slow",
                        format!("{wpm:.0} words a minute (under {WPM_MIN:.0}): tighten the pauses and keep moving."),
                    )
                };
                out.push(flag(ctx, code, msg, pick.map(|u| ctx.parts[u]), pick));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::vague_phrase;

    fn hay(s: &str) -> String {
        format!(" {} ", s.to_lowercase())
    }

    #[test]
    fn intensified_comparatives_are_vague() {
        assert_eq!(
            vague_phrase(&hay("the team was way happier at month end")).as_deref(),
            Some("way happier")
        );
        assert_eq!(
            vague_phrase(&hay("the close got a lot easier")).as_deref(),
            Some("a lot easier")
        );
        assert_eq!(
            vague_phrase(&hay("and the launch went well")).as_deref(),
            Some("went well")
        );
        assert_eq!(vague_phrase(&hay("we shipped it on time")), None);
        assert_eq!(vague_phrase(&hay("the way forward was clear")), None);
    }
}
