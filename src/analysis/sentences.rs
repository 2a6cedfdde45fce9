//! Sentence (unit) splitting over tokens.
//!
//! Punctuation ends a sentence. Spoken transcripts typed by hand often have none ("and then ...
//! so ..."), so a long run is also split before discourse markers, which is where speakers
//! change from one STAR part to the next.

use super::fillers;
use super::numbers::is_number_word;
use super::tokens::{has_phrase, is_calendar_word, is_duration_word, Token};
use std::ops::Range;

/// A run longer than this many words is split on discourse markers.
const LONG_RUN: usize = 22;
/// In punctuated text, only sentences longer than this are split on markers.
const VERY_LONG_SENTENCE: usize = 35;
/// Text with at least one sentence end per this many words counts as punctuated.
const PUNCTUATED_WORDS_PER_END: usize = 40;
/// Never leave a piece shorter than this many words when splitting on markers.
const MIN_PIECE: usize = 4;

/// Splits tokens into sentence-like units (token index ranges covering every token, in order).
pub fn split(tokens: &[Token]) -> Vec<Range<usize>> {
    // A punctuated transcript (whisper, or typed with care) is trusted: its sentences are only
    // split when very long. Unpunctuated speech is split on markers once a run gets long.
    let ends = tokens.iter().filter(|t| t.ends_sentence()).count();
    let long_run = if ends * PUNCTUATED_WORDS_PER_END >= tokens.len() {
        VERY_LONG_SENTENCE
    } else {
        LONG_RUN
    };
    let mut out = Vec::new();
    let mut start = 0;
    for (i, t) in tokens.iter().enumerate() {
        // Whisper sometimes drops a full stop but still capitalises the next sentence
        // ("... on Thursday And every deployment ...").
        if i > start && capitalised_start(tokens, i) {
            push_split_long(tokens, start..i, long_run, &mut out);
            start = i;
        }
        if t.ends_sentence() {
            push_split_long(tokens, start..i + 1, long_run, &mut out);
            start = i + 1;
        }
    }
    if start < tokens.len() {
        push_split_long(tokens, start..tokens.len(), long_run, &mut out);
    }
    // A lone trailing fragment ("Yeah." / "So.") reads better attached to its neighbour.
    merge_tiny(tokens, &mut out);
    out
}

fn push_split_long(
    tokens: &[Token],
    r: Range<usize>,
    long_run: usize,
    out: &mut Vec<Range<usize>>,
) {
    // "…, and the rebooking was down to me.": the task told as the last clause of the scene
    // opens its own unit, however short the sentence.
    if let Some(c) = (r.start + MIN_PIECE..r.end.saturating_sub(MIN_PIECE - 1))
        .find(|&i| takes_it_on_at(tokens, i, r.end))
    {
        push_split_long(tokens, r.start..c, long_run, out);
        push_split_long_markers(tokens, c..r.end, long_run, out);
        return;
    }
    push_split_long_markers(tokens, r, long_run, out);
}

/// Phrases by which speakers take a job on: "it fell to me", "that one was mine", "I said I'd
/// own it", "I made it my job".
const TAKES_IT_ON: &[&str] = &[
    "fell to me",
    "down to me",
    "up to me",
    "on me",
    "landed on",
    "was mine",
    "is mine",
    "be mine",
    "my job",
    "my task",
    "my goal",
    "my project",
    "my problem",
    "my headache",
    "my responsibility",
    "my call",
    "my plate",
    "my name on",
    "i'd own",
    "i'd take",
    "i'd sort",
    "i'd fix",
    "i'd handle",
    "i would own",
    "i would sort",
    "i would fix",
    "take it on",
    "took it on",
    "i took on",
    "i owned",
    "own it",
    "leave it with me",
    "my hand up",
];

/// A clause opening with "and"/"so"/"but" inside a sentence in which the speaker takes the job
/// on.
fn takes_it_on_at(tokens: &[Token], i: usize, end: usize) -> bool {
    if !matches!(word(tokens, i), "and" | "so" | "but") {
        return false;
    }
    let prev = &tokens[i - 1];
    if prev.ends_sentence() {
        return false;
    }
    // The clause runs to its second comma at most (", and my supervisor was busy, and …" is
    // two clauses), and no further than 14 words.
    let mut hay = String::from(" ");
    let mut marks = 0;
    for t in tokens[i + 1..end].iter().take(14) {
        hay.push_str(&t.norm);
        hay.push(' ');
        if t.ends_clause() {
            marks += 1;
            if marks == 2 {
                break;
            }
        }
    }
    TAKES_IT_ON.iter().any(|p| has_phrase(&hay, p))
}

fn push_split_long_markers(
    tokens: &[Token],
    r: Range<usize>,
    long_run: usize,
    out: &mut Vec<Range<usize>>,
) {
    if r.len() <= long_run {
        out.push(r);
        return;
    }
    // (Almost) no commas in a long run: spoken without punctuation, so clause starts are cut too.
    let commas = tokens[r.clone()].iter().filter(|t| t.ends_clause()).count();
    let unpunctuated = commas * 15 < r.len();
    let mut cut_at = Vec::new();
    let mut last = r.start;
    for i in r.start + MIN_PIECE..r.end.saturating_sub(MIN_PIECE - 1) {
        if i < last + MIN_PIECE {
            continue;
        }
        // A span of time opens the clause and belongs to it whole ("within about 6 weeks
        // inbound damage was down…"): the next cut comes after it.
        if let Some(end) = time_span_end(tokens, i) {
            cut_at.push(i);
            last = end;
            continue;
        }
        let after_clause_mark = tokens[i - 1].ends_clause();
        if marker_at(tokens, i, after_clause_mark) || (unpunctuated && clause_start_at(tokens, i)) {
            // "…on my floor uh i i wrote…": the hesitation and the stutter open the new clause.
            let mut c = i;
            while c > last + MIN_PIECE
                && (is_hesitation(word(tokens, c - 1)) || word(tokens, c - 1) == word(tokens, c))
                && !tokens[c - 1].ends_clause()
                && !tokens[c - 1].ends_sentence()
            {
                c -= 1;
            }
            cut_at.push(c);
            last = i;
        }
    }
    let mut s = r.start;
    for c in cut_at {
        out.push(s..c);
        s = c;
    }
    out.push(s..r.end);
}

fn word(tokens: &[Token], i: usize) -> &str {
    tokens.get(i).map(|t| t.norm.as_str()).unwrap_or("")
}

/// A hesitation a speaker puts between a conjunction and its subject ("and um I", "so uh yeah
/// the result").
fn is_hesitation(w: &str) -> bool {
    w == "yeah" || fillers::is_pure(w)
}

/// The `n`th word after token `i` (n = 1 is the next), skipping hesitations.
fn word_after(tokens: &[Token], i: usize, n: usize) -> &str {
    tokens
        .iter()
        .skip(i + 1)
        .map(|t| t.norm.as_str())
        .filter(|w| !is_hesitation(w))
        .nth(n - 1)
        .unwrap_or("")
}

const SUBJECTS: &[&str] = &[
    "i", "we", "my", "our", "the", "that", "this", "it", "they", "there", "he", "she", "after",
    "then", "in", "by", "what", "overall", "within", "those", "once", "when", "i'd", "we'd",
    "i've", "we've", "i'm", "we're", "one",
];

/// Verbs after "and that" that tell the deed's consequence ("and that got the import to …").
const AND_THAT_DOES: &[&str] = &[
    "led", "meant", "was", "got", "cut", "took", "brought", "made", "gave", "saved", "alone",
    "freed", "fixed", "dropped", "halved", "stopped", "turned", "ended", "paid", "won", "bought",
    "kept",
];

/// Words after "after" that open a clause ("after that", "after about a week", "after launch");
/// a number does too ("after three weeks").
const AFTER_WHEN: &[&str] = &[
    "that", "a", "about", "around", "roughly", "launch", "release", "rollout", "go-live",
    "cutover", "go", "several", "just", "only",
];

/// Events after "after the" that open a clause ("after the rollout the error rate …").
const AFTER_THE: &[&str] = &[
    "launch", "rollout", "release", "pilot", "change", "changes", "first", "second", "go-live",
    "cutover", "switch",
];

/// Is there a discourse marker starting at token `i`?
fn marker_at(tokens: &[Token], i: usize, after_clause_mark: bool) -> bool {
    let w0 = word(tokens, i);
    let w1 = word_after(tokens, i, 1);
    let w2 = word_after(tokens, i, 2);
    let subj = |w: &str| SUBJECTS.contains(&w);
    match w0 {
        "so" => subj(w1) && w1 != "that",
        "then" => subj(w1),
        "but" => subj(w1),
        "and" => match w1 {
            "then" | "so" => true,
            // "and that got us to …", "and that cut it to …": the deed's consequence.
            "that" => AND_THAT_DOES.contains(&w2),
            "in" => w2 == "the" && word_after(tokens, i, 3) == "end",
            "since" => w2 == "then",
            "for" => matches!(w2, "context" | "background"),
            "i" | "we" => after_clause_mark,
            _ => false,
        },
        // "after that", "after three weeks", "after launch the audit went from …"
        "after" => {
            AFTER_WHEN.contains(&w1)
                || quantity_word(w1)
                || (w1 == "the" && AFTER_THE.contains(&w2))
        }
        // "in the end", "in hindsight" (a span of time is cut by `time_span_end`)
        "in" => (w1 == "the" && w2 == "end") || w1 == "hindsight",
        // "for context, we were a team of four": background told on the way.
        "for" => matches!(w1, "context" | "background"),
        "at" => (w1 == "the" && w2 == "end") || w1 == "first",
        "as" => w1 == "a" && w2 == "result",
        // "by the end", "by then", "by october the wait was down"
        "by" => {
            let when = |w: &str| is_calendar_word(w) || is_weekday(w);
            (w1 == "the"
                && (matches!(w2, "end" | "time" | "deadline" | "renewal" | "next") || when(w2)))
                || matches!(w1, "then" | "now" | "peak")
                || when(w1)
                // "by day 9 the yard was down to 6 trailers"
                || (matches!(w1, "day" | "week" | "month") && quantity_word(w2))
        }
        "eventually" | "ultimately" | "finally" | "afterwards" | "overall" | "first" | "second"
        | "third" | "next" | "now" => subj(w1) || after_clause_mark,
        "looking" => w1 == "back",
        "what" => w1 == "i" && matches!(w2, "did" | "learned" | "learnt" | "took" | "decided"),
        "my" => matches!(
            w1,
            "job" | "goal" | "task" | "role" | "mandate" | "responsibility" | "manager" | "ask"
        ),
        "the" => {
            matches!(
                w1,
                "goal" | "outcome" | "result" | "results" | "lesson" | "problem" | "issue" | "ask"
            ) || (w1 == "first" && w2 == "thing")
        }
        "that's" => w1 == "when" || w1 == "how",
        "which" => matches!(w1, "meant" | "led" | "cut" | "reduced" | "brought"),
        "i" => {
            after_clause_mark
                || matches!(
                    w1,
                    "decided" | "learned" | "learnt" | "realized" | "realised"
                )
        }
        "we" => after_clause_mark || matches!(w1, "ended"),
        _ => false,
    }
}

/// Words after which a pronoun continues the clause rather than starting a new one
/// ("the day that I ...", "told me we ...", "and I").
const CONTINUES: &[&str] = &[
    "that",
    "what",
    "which",
    "who",
    "when",
    "where",
    "if",
    "because",
    "so",
    "and",
    "but",
    "then",
    "how",
    "why",
    "until",
    "as",
    "since",
    "after",
    "before",
    "while",
    "once",
    "whether",
    "said",
    "say",
    "says",
    "think",
    "thought",
    "knew",
    "know",
    "realized",
    "realised",
    "noticed",
    "felt",
    "told",
    "asked",
    "to",
    "of",
    "for",
    "with",
    "by",
    "at",
    "in",
    "on",
    "from",
    "about",
    "than",
    "the",
    "a",
    "an",
    "i",
    "we",
    "they",
    "mean",
    "like",
    "saw",
    "found",
    "showed",
    "was",
    "were",
    "is",
    "are",
    "had",
    "have",
    "did",
    "do",
    "make",
    "made",
    "let",
    "help",
    "helped",
    "or",
    "meaning",
    "even",
    "though",
    "although",
    "unless",
    "wish",
    "hoped",
    "hope",
    "decided",
    "sure",
    "worried",
    "figured",
    "agreed",
    "guess",
    "believe",
    "believed",
    "suggested",
    "means",
];

/// In unpunctuated speech: a new clause starting with its subject ("... again we moved ...")
/// or a conjunction before a subject ("... and they were ...").
fn clause_start_at(tokens: &[Token], i: usize) -> bool {
    let prev = word(tokens, i.wrapping_sub(1));
    let w0 = word(tokens, i);
    let w1 = word_after(tokens, i, 1);
    let pronoun = |w: &str| {
        matches!(
            w,
            "i" | "we"
                | "they"
                | "she"
                | "he"
                | "nobody"
                | "everyone"
                | "i'd"
                | "we'd"
                | "i'm"
                | "we're"
                | "they're"
                | "i've"
                | "we've"
                | "i'll"
                | "we'll"
        )
    };
    match w0 {
        "and" | "but" | "so" | "then" => {
            pronoun(w1)
                || matches!(
                    w1,
                    "the"
                        | "their"
                        | "our"
                        | "my"
                        | "his"
                        | "her"
                        | "as"
                        | "at"
                        | "after"
                        | "that's"
                        | "there"
                        | "within"
                        | "by"
                        | "when"
                        | "once"
                        | "now"
                        | "it"
                        | "honestly"
                )
                || (w1 == "in" && duration_unit_at(tokens, i + 2).is_some())
        }
        w if pronoun(w) => !CONTINUES.contains(&prev),
        _ => metric_moves_at(tokens, i, prev),
    }
}

/// A clause that opens with what was measured and how it moved ("… to fix them p99 went from
/// two seconds …", "… and no-shows at those clinics went from …"): a result told without a cue.
fn metric_moves_at(tokens: &[Token], i: usize, prev: &str) -> bool {
    const MOVES: &[&str] = &[
        "went",
        "dropped",
        "fell",
        "rose",
        "climbed",
        "jumped",
        "increased",
        "decreased",
        "grew",
        "shrank",
        "came",
    ];
    const OPENS_NP: &[&str] = &["the", "their", "our", "my", "his", "her", "its", "average"];
    const NOT_NP: &[&str] = &[
        "i", "we", "they", "he", "she", "it", "that", "which", "who", "this", "there", "what",
        "them", "him", "us", "me", "you",
    ];
    let w0 = word(tokens, i);
    // Start the clause at "and", at an article, or at a bare noun after something that is not
    // an article, preposition or conjunction.
    let opener = w0 == "and"
        || OPENS_NP.contains(&w0)
        || !(CONTINUES.contains(&prev) || is_hesitation(prev));
    // "the", "our" continue a clause elsewhere but open the measure's noun phrase here.
    if !opener
        || NOT_NP.contains(&w0)
        || (CONTINUES.contains(&w0) && w0 != "and" && !OPENS_NP.contains(&w0))
    {
        return false;
    }
    let first = if w0 == "and" { i + 1 } else { i };
    (first..first + 5).any(|j| {
        let (w, next) = (word(tokens, j + 1), word(tokens, j + 2));
        // A marker inside ("each week by december produce shrink was down") opens the clause.
        let np_ok = (first..=j).all(|k| {
            let x = word(tokens, k);
            // "…where the time went p99 went from…": a moving verb ends a noun phrase.
            !NOT_NP.contains(&x)
                && !MOVES.contains(&x)
                && !matches!(x, "and" | "so" | "but" | "then" | "to")
                // Past its first word, the noun phrase ends at a marker, a span of time, or an
                // article after a word that cannot lead into it ("…fix the bill format the
                // repeat calls came down": the phrase opens at the second "the").
                && (k == first
                    || !(marker_at(tokens, k, false)
                        || time_span_end(tokens, k).is_some()
                        || (OPENS_NP.contains(&x) && !CONTINUES.contains(&word(tokens, k - 1)))))
        });
        // "went to" needs a quantity after it: "went to zero", not "went to my successor".
        let moved = MOVES.contains(&w)
            && (matches!(next, "from" | "up" | "down" | "by")
                || (next == "to" && (j + 3..j + 6).any(|k| quantity_word(word(tokens, k)))));
        // "the average wait was down to eleven minutes", "signups were back to normal"
        let stands = matches!(w, "was" | "were") && matches!(next, "down" | "up" | "back");
        np_ok && (moved || stands)
    })
}

/// Where an amount of time starting at `k` names its unit: "about six weeks", "the first
/// year", "less than a month" ("a couple of months" is not matched).
fn duration_unit_at(tokens: &[Token], mut k: usize) -> Option<usize> {
    while matches!(
        word(tokens, k),
        "a" | "about" | "around" | "the" | "first" | "next" | "few" | "under" | "less" | "than"
    ) {
        k += 1;
    }
    while quantity_word(word(tokens, k)) {
        k += 1;
    }
    is_duration_word(word(tokens, k)).then_some(k)
}

/// A span of time passing before an outcome: "within (about) six weeks", "within a month",
/// "in the six months after that". Not "in two weeks", which is how long a deed took.
/// Returns where the span ends.
fn time_span_end(tokens: &[Token], i: usize) -> Option<usize> {
    let w0 = word(tokens, i);
    let k = match w0 {
        "within" => i + 1,
        "in" if word(tokens, i + 1) == "the" => i + 2,
        _ => return None,
    };
    let k = duration_unit_at(tokens, k)?;
    match word(tokens, k + 1) {
        // "in the six months after that", "in the year since"
        "after" | "since" if w0 == "in" => Some(if word(tokens, k + 2) == "that" {
            k + 3
        } else {
            k + 2
        }),
        _ if w0 == "within" => Some(k + 1),
        _ => None,
    }
}

fn is_weekday(w: &str) -> bool {
    matches!(
        w,
        "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday"
    )
}

/// A number in digits or words ("12", "$2.4", "85%", "zero", "twelve").
fn quantity_word(w: &str) -> bool {
    w.starts_with(|c: char| c.is_ascii_digit() || c == '$' || c == '£' || c == '€')
        || is_number_word(w)
}

/// A capitalised function word right after an unpunctuated lowercase word starts a sentence.
fn capitalised_start(tokens: &[Token], i: usize) -> bool {
    let t = &tokens[i];
    let prev = &tokens[i - 1];
    // "It", not "IT": an acronym ("their IT team", "the US office") starts nothing.
    let upper = t.text.chars().next().is_some_and(char::is_uppercase)
        && !t.text.chars().skip(1).any(char::is_uppercase);
    let prev_plain = prev
        .text
        .chars()
        .last()
        .is_some_and(|c| c.is_lowercase() || c.is_ascii_digit());
    upper
        && prev_plain
        && matches!(
            t.norm.as_str(),
            "and"
                | "but"
                | "so"
                | "then"
                | "the"
                | "we"
                | "our"
                | "it"
                | "my"
                | "this"
                | "after"
                | "as"
                | "when"
                | "they"
                | "there"
                | "what"
                | "in"
                | "once"
                | "now"
        )
}

fn merge_tiny(tokens: &[Token], units: &mut Vec<Range<usize>>) {
    if units.len() < 2 {
        return;
    }
    let words = |r: &Range<usize>| tokens[r.clone()].iter().filter(|t| t.is_word()).count();
    let mut i = 0;
    while i < units.len() && units.len() > 1 {
        if words(&units[i]) <= 1 {
            if i + 1 < units.len() {
                let next = units.remove(i + 1);
                units[i].end = next.end;
            } else {
                let cur = units.remove(i);
                units[i - 1].end = cur.end;
            }
            continue;
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::tokens::from_text;

    fn texts(s: &str) -> Vec<String> {
        let toks = from_text(s);
        split(&toks)
            .into_iter()
            .map(|r| {
                toks[r]
                    .iter()
                    .map(|t| t.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    #[test]
    fn splits_on_punctuation() {
        let s = texts("We had a problem. I fixed it! Did it work? Yes it did.");
        assert_eq!(s.len(), 4);
        assert_eq!(s[1], "I fixed it!");
    }

    #[test]
    fn splits_long_unpunctuated_runs_on_markers() {
        let s = texts(
            "at my last job we had a checkout page that was really slow and customers kept \
             abandoning their carts so i pulled the logs and found the image service was the \
             bottleneck and then i moved it to a cdn in the end latency dropped by half",
        );
        assert!(s.len() >= 3, "{s:?}");
        assert!(s.iter().any(|x| x.starts_with("so i pulled")), "{s:?}");
        assert!(s.iter().any(|x| x.starts_with("in the end")), "{s:?}");
    }

    #[test]
    fn uncued_outcomes_in_a_run_open_their_own_unit() {
        let s = texts(
            "then i rewrote the components with proper labels and i paired with a front end dev \
             for two days to fix them after release the accessibility audit went from fourteen \
             critical issues to zero",
        );
        assert!(s.iter().any(|x| x.starts_with("after release")), "{s:?}");
        let s = texts(
            "i moved the batch to run at night and added an index on the customer table and that \
             got the import from four hours to twenty minutes",
        );
        assert!(s.iter().any(|x| x.starts_with("and that got")), "{s:?}");
        let s = texts(
            "we rebuilt the cache in front of the pricing service over two sprints to fix them \
             p99 went from two seconds to a hundred and eighty milliseconds",
        );
        assert!(s.iter().any(|x| x.starts_with("p99 went from")), "{s:?}");
        let s = texts(
            "i started a queue ticket system at the counter and moved two pharmacists onto the \
             monday morning shift by october the average monday wait was down to eleven minutes",
        );
        assert!(s.iter().any(|x| x.starts_with("by october")), "{s:?}");
        // A movement inside a clause that already has its subject is not a new clause.
        let s = texts(
            "i told the team on monday that the numbers we had been sending finance every week \
             went from bad to worse over the summer because nobody owned the query",
        );
        assert!(!s.iter().any(|x| x.starts_with("went")), "{s:?}");
        // The noun phrase starts at its article and not at a verb before it.
        let s = texts(
            "and i got payroll to send contracts within forty-eight hours instead of a week the \
             dropout rate went from about eleven percent to four percent",
        );
        assert!(
            s.iter().any(|x| x.starts_with("the dropout rate went")),
            "{s:?}"
        );
        let s = texts(
            "and while i was in there i added a span for every outbound call so the next person \
             would know where the time went p99 went from around six hundred to two hundred",
        );
        assert!(s.iter().any(|x| x.starts_with("p99 went from")), "{s:?}");
        // "went to" moves a measure only when a quantity follows it.
        let s = texts(
            "and we were getting ready for the cutover weekend when i got moved to a different \
             program so the go live itself went to my successor",
        );
        assert!(!s.iter().any(|x| x.starts_with("itself")), "{s:?}");
        let s = texts(
            "i paired with the two new hires on the checklist every morning for a month and the \
             error count went to zero by the end of the quarter",
        );
        assert!(
            s.iter().any(|x| x.starts_with("and the error count")),
            "{s:?}"
        );
        // An article after a noun opens the noun phrase there: not "format the repeat calls".
        let s = texts(
            "and we showed them our list of the wrong bills every week so they can fix the bill \
             format the repeat calls came down by about a third",
        );
        assert!(
            s.iter()
                .any(|x| x.starts_with("the repeat calls came down")),
            "{s:?}"
        );
        // A span of time ends the noun phrase: "list within two months errors were down".
        let s = texts(
            "so i had those products split up and relabelled and i added a scan check at packing \
             for anything on a look alike list within two months errors were down to one in two \
             thousand",
        );
        assert!(
            s.iter().any(|x| x.starts_with("within two months")),
            "{s:?}"
        );
    }

    #[test]
    fn and_then_time_passing_or_honestly_opens_a_clause() {
        let s = texts(
            "so i put the mop stations by the doors and i briefed the whole team on what to look \
             out for and honestly it went really well the losses came down",
        );
        assert!(s.iter().any(|x| x.starts_with("and honestly")), "{s:?}");
        let s = texts(
            "i got the routes redrawn around the new depot and we started coaching the drivers on \
             idling and in the first year our fuel bill came down a lot",
        );
        assert!(
            s.iter().any(|x| x.starts_with("and in the first year")),
            "{s:?}"
        );
        // "in" that is not about time stays inside the clause.
        let s = texts(
            "i got the routes redrawn around the new depot and we started coaching the drivers on \
             idling and in the yard we painted new bays for the vans",
        );
        assert!(!s.iter().any(|x| x.starts_with("and in the yard")), "{s:?}");
    }

    #[test]
    fn a_task_told_as_the_last_clause_of_the_scene_opens_its_own_unit() {
        let s = texts(
            "There were about 150 passengers at the gate, and my supervisor was tied up with the \
             crew, and the rebooking was down to me. I split the queue.",
        );
        assert!(
            s.iter().any(|x| x.starts_with("and the rebooking")),
            "{s:?}"
        );
        assert!(s[0].ends_with("crew,"), "{s:?}");
        // The same words inside a clause that is not a task do not cut.
        let s = texts("I called the vendor, and we agreed on a fix. It shipped.");
        assert_eq!(s.len(), 2, "{s:?}");
    }

    #[test]
    fn a_span_of_time_before_an_outcome_opens_a_clause_whole() {
        let s = texts(
            "and wrote the runbook that afternoon in the six months after that it failed once for \
             an unrelated reason and i moved the job and added a retry within about 6 weeks \
             inbound damage was down to half",
        );
        assert!(
            s.iter()
                .any(|x| x.starts_with("in the six months after that it failed")),
            "{s:?}"
        );
        assert!(
            s.iter()
                .any(|x| x.starts_with("within about 6 weeks inbound")),
            "{s:?}"
        );
        // How long a deed took is not a span before an outcome.
        let s = texts(
            "so i rebuilt the whole intake form in two weeks and walked every clinic manager \
             through it in person and then we switched the old one off",
        );
        assert!(!s.iter().any(|x| x.starts_with("in two weeks")), "{s:?}");
    }

    #[test]
    fn acronyms_and_scene_setting_markers() {
        // "IT" is an acronym, not a capitalised "It" that starts a sentence.
        let s = texts("and their head of IT had pretty much written us off");
        assert_eq!(s.len(), 1, "{s:?}");
        let s = texts(
            "my job was to keep our biggest hospital account from walking at renewal and for \
             background they'd had a rough year with us the integration kept dropping appointments",
        );
        assert!(
            s.iter().any(|x| x.starts_with("and for background")),
            "{s:?}"
        );
        // A marker inside a measure's noun phrase wins: the clause opens at "by december".
        let s = texts(
            "and we put the markdown numbers up on the board so everybody could see how we were \
             doing each week by december produce shrink was down from six percent to three",
        );
        assert!(s.iter().any(|x| x.starts_with("by december")), "{s:?}");
        let s = texts(
            "so we ran the yard from a whiteboard and called every carrier the night before \
             by day 9 the yard was down to 6 trailers",
        );
        assert!(s.iter().any(|x| x.starts_with("by day 9")), "{s:?}");
    }

    #[test]
    fn hesitations_do_not_hide_a_clause_start_and_open_the_new_clause() {
        let s = texts(
            "so i was the night charge nurse on a surgical floor and the handoffs were taking \
             forever and um i figured my job was to make it work on my floor uh i i wrote a \
             one page script for the handoff and so um yeah handoff time went from twenty five \
             minutes to eighteen",
        );
        assert!(s.iter().any(|x| x.starts_with("and um i figured")), "{s:?}");
        assert!(s.iter().any(|x| x.starts_with("uh i i wrote")), "{s:?}");
        assert!(
            s.iter().any(|x| x.starts_with("and so um yeah handoff")),
            "{s:?}"
        );
    }

    #[test]
    fn short_sentences_are_kept_whole() {
        let s = texts("so I fixed it and then we shipped");
        assert_eq!(s.len(), 1);
    }

    #[test]
    fn every_token_is_covered_once() {
        let toks = from_text("a b c. d. e f g h i j k l m n o p q r s t u v w x y z so i did it");
        let units = split(&toks);
        let mut next = 0;
        for u in &units {
            assert_eq!(u.start, next);
            next = u.end;
        }
        assert_eq!(next, toks.len());
    }

    #[test]
    fn capitalised_function_word_starts_a_sentence() {
        let s = texts("We shipped on Thursday And every deploy took an afternoon. Done now.");
        assert_eq!(s[0], "We shipped on Thursday");
        assert!(s[1].starts_with("And every"));
        // Proper nouns and "I" do not split.
        assert_eq!(texts("I asked Amazon and I waited.").len(), 1);
    }

    #[test]
    fn empty_input_has_no_units() {
        assert!(split(&[]).is_empty());
    }
}
